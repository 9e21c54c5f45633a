--[[
  Learns from a verified code: the phone becomes trusted for this app, and the
  send whose code it was is credited as verified in each of its conversion
  buckets, today. A send is credited once: its context is deleted here. With a
  request id, only the send with that id is credited.

  KEYS[1] trust              guard:{guard}:trusted:<app>:<phone id>   string, as admit-8.lua
  KEYS[2] send context       guard:{guard}:sent:<app>:<phone id>      string, as admit-8.lua
  KEYS[3] conversion, today  guard:{guard}:conversion:<YYYY-MM-DD>   hash: s|<bucket>, v|<bucket>

  ARGV[1] now, epoch ms
  ARGV[2] trusted for, ms (GUARD_TRUSTED_DAYS)
  ARGV[3] request id of the verified code, or '' when unknown
  ARGV[4] how long today's conversion hash lives from now, ms

  Returns the number of buckets credited (0 when no live send context matched)
]]
local now = tonumber(ARGV[1])
redis.call('SET', KEYS[1], now + tonumber(ARGV[2]), 'PX', ARGV[2])
local contexts = redis.call('GET', KEYS[2])
if not contexts then
  return 0
end
redis.call('DEL', KEYS[2])

local rid, expires, buckets = string.match(contexts, '^(%S+) (%d+) ?([^\n]*)')
if not rid or tonumber(expires) <= now or (ARGV[3] ~= '' and ARGV[3] ~= rid) then
  return 0
end
local credited = 0
for bucket in string.gmatch(buckets, '%S+') do
  redis.call('HINCRBY', KEYS[3], 'v|' .. bucket, 1)
  credited = credited + 1
end
if credited > 0 then
  redis.call('PEXPIRE', KEYS[3], ARGV[4])
end
return credited
