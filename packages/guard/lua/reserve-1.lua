--[[
  Counts one send on a fixed-window counter, unless the counter is at its limit.

  Check and increment are one script, so concurrent sends on every API replica
  can never push a counter past its limit. A refused send does not count: an
  attacker who is being refused does not extend the window for everyone else.
  The window starts at the first counted send and the key expires with it.

  One key per call: the guard's counters carry different hash tags (app,
  country, range, budget), so each is its own script call, pipelined together.

  KEYS[1] counter key   guard:{<subject>}:<window>   integer

  ARGV[1] limit
  ARGV[2] window, ms

  Returns {1, count, ttlMs}  counted; `count` includes this send
          {0, count, ttlMs}  refused: the counter is at its limit until ttlMs from now
]]
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  return {0, count, math.max(redis.call('PTTL', KEYS[1]), 1)}
end

count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {1, count, ttl}
