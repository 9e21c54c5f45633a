--[[
  Gives back a send admit-8.lua counted, when a later step refused it or failed
  (the per-phone limits, the queue) and no SMS will go out. It takes the same
  keys and arguments as that admission, plus whether the send counted as
  trusted, so it touches exactly the windows the send was counted in: a
  release after midnight gives back yesterday's budget, never today's.

  Never creates a key and never counts below zero, so a release that arrives
  after its window expired changes nothing. The phone's send context goes back
  to the one this send replaced, if this send's is still the current one.

  KEYS[1..8] as admit-8.lua (KEYS[1], the trust, and KEYS[4], the day before, are not touched)
  ARGV as admit-8.lua, then one more:
  ARGV[last] 1 when the admission counted the send as trusted

  Returns 1
]]
local function giveBack(key, field, amount)
  local count = tonumber(redis.call('HGET', key, field) or '0')
  if count > 0 then
    redis.call('HINCRBY', key, field, -math.min(count, amount))
  end
end

local nb = tonumber(ARGV[9])
local at = 10 + nb
local trusted = ARGV[#ARGV] == '1'
for i = 1, tonumber(ARGV[at]) do
  local base = at + (i - 1) * 6
  local key, field, cost = KEYS[tonumber(ARGV[base + 1])], ARGV[base + 2], tonumber(ARGV[base + 5])
  giveBack(key, field, cost)
  if trusted then
    giveBack(key, field .. '|t', cost)
  end
end
for i = 1, nb do
  giveBack(KEYS[3], 's|' .. ARGV[9 + i], 1)
end

local contexts = redis.call('GET', KEYS[2])
local current, previous = string.match(contexts or '', '^([^\n]*)\n?(.*)$')
if string.match(current or '', '^%S+') == ARGV[7] then
  local expires = tonumber(string.match(previous, '^%S+ (%d+)') or '0')
  if expires > tonumber(ARGV[1]) then
    redis.call('SET', KEYS[2], previous, 'PX', expires - tonumber(ARGV[1]))
  else
    redis.call('DEL', KEYS[2])
  end
end
return 1
