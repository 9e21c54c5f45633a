--[[
  Tells the worker whether a request's code is still the live one for its phone,
  and for how long. A job whose code was verified, replaced, exhausted or has
  expired must send nothing.

  KEYS[1] code key  otp:{<phone>}:code

  ARGV[1] request id of the job

  Returns {1, ttlMs}  live, with ttlMs of lifetime left
          {0, 0}      gone: verified or expired
          {-1, 0}     superseded by a newer request
          {-2, 0}     dead: attempts exhausted
]]
local state = redis.call('HMGET', KEYS[1], 'rid', 'att', 'max')
local rid, attempts, maxAttempts = state[1], tonumber(state[2]), tonumber(state[3])

if not rid then
  return {0, 0}
end
if rid ~= ARGV[1] then
  return {-1, 0}
end
if attempts >= maxAttempts then
  return {-2, 0}
end
return {1, redis.call('PTTL', KEYS[1])}
