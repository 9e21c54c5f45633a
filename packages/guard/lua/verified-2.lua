--[[
  Learns from a verified code: the phone becomes trusted for this app, and the
  send whose code it was is credited as verified in each of its conversion
  buckets, today. A send is credited once: its context is deleted here. With a
  request id, only the send with that id is credited.

  KEYS[1] phone state        guard:{guard}:phone:<app>:<phone id>   hash, as admit-7.lua
  KEYS[2] conversion, today  guard:{guard}:conversion:<YYYY-MM-DD>   hash: s|<bucket>, v|<bucket>

  ARGV[1] now, epoch ms
  ARGV[2] trusted for, ms (GUARD_TRUSTED_DAYS)
  ARGV[3] request id of the verified code, or '' when unknown
  ARGV[4] how long today's conversion hash lives from now, ms

  Returns the number of buckets credited (0 when no live send context matched)
]]
local now = tonumber(ARGV[1])
local trustedFor = tonumber(ARGV[2])
local context = redis.call('HMGET', KEYS[1], 'rid', 'ctx', 'cexp')
redis.call('HSET', KEYS[1], 'trusted', now + trustedFor)
redis.call('HDEL', KEYS[1], 'rid', 'ctx', 'cexp', 'prid', 'pctx', 'pcexp')
if redis.call('PTTL', KEYS[1]) < trustedFor then
  redis.call('PEXPIRE', KEYS[1], trustedFor)
end

if not context[1] or tonumber(context[3]) <= now or (ARGV[3] ~= '' and ARGV[3] ~= context[1]) then
  return 0
end
local credited = 0
for bucket in string.gmatch(context[2], '%S+') do
  redis.call('HINCRBY', KEYS[2], 'v|' .. bucket, 1)
  credited = credited + 1
end
if credited > 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end
return credited
