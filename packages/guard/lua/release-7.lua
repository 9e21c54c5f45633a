--[[
  Gives back a send admit-7.lua counted, when a later step refused it or failed
  (the per-phone limits, the queue) and no SMS will go out. It takes the same
  keys and arguments as that admission, plus whether the send counted as
  trusted, so it touches exactly the windows the send was counted in: a
  release after midnight gives back yesterday's budget, never today's.

  Never creates a key and never counts below zero, so a release that arrives
  after its window expired changes nothing. The phone's send context goes back
  to the one this send replaced, if this send's is still the current one.

  KEYS[1..7] as admit-7.lua (KEYS[3], the day before, is not touched)
  ARGV as admit-7.lua, then one more:
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
  giveBack(KEYS[2], 's|' .. ARGV[9 + i], 1)
end

if redis.call('HGET', KEYS[1], 'rid') == ARGV[7] then
  local previous = redis.call('HMGET', KEYS[1], 'prid', 'pctx', 'pcexp')
  if previous[1] then
    redis.call('HSET', KEYS[1], 'rid', previous[1], 'ctx', previous[2], 'cexp', previous[3])
    redis.call('HDEL', KEYS[1], 'prid', 'pctx', 'pcexp')
  else
    redis.call('HDEL', KEYS[1], 'rid', 'ctx', 'cexp')
  end
end
return 1
