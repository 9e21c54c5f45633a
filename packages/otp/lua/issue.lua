--[[
  Issues a new code for one phone, replacing any code that phone still had.

  Atomic so that two concurrent sends can never both pass the cooldown check,
  and so that a phone never holds two valid codes.

  KEYS[1] code key      otp:{<phone>}:code      hash: h (HMAC), rid, att, max
  KEYS[2] cooldown key  otp:{<phone>}:cooldown  string, expires with the cooldown

  ARGV[1] HMAC of the new code
  ARGV[2] request id
  ARGV[3] code lifetime, ms
  ARGV[4] resend cooldown, ms (0 disables it)
  ARGV[5] max wrong attempts

  Returns {1, 0}           issued
          {0, cooldownMs}  refused: the cooldown has cooldownMs left
]]
local cooldownMs = redis.call('PTTL', KEYS[2])
if cooldownMs > 0 then
  return {0, cooldownMs}
end

-- DEL first: the new hash must not inherit the old code's attempt count.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'rid', ARGV[2], 'att', 0, 'max', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[3])

if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
end
return {1, 0}
