--[[
  Checks a candidate code, counts the attempt and consumes the code on success.
  When a wrong guess kills a code, it also counts towards the phone's lockout.

  One script, so check-count-consume cannot interleave with another verify:
  fifty concurrent right answers give one success, and concurrent wrong
  guesses cannot push the attempt count past the limit. Every key shares the
  phone's hash tag, so this stays one script on Redis Cluster.

  The comparison is between HMACs. Their timing tells an attacker nothing about
  the code, because they cannot compute the HMAC of a guess without OTP_SECRET.

  KEYS[1] code key  otp:{<phone>}:code   hash: h, rid, att, max
  KEYS[2] dead key  otp:{<phone>}:dead   integer, codes killed by wrong guesses in the lockout window
  KEYS[3] lock key  otp:{<phone>}:lock   exists while the phone is locked out

  ARGV[1] HMAC of the candidate code
  ARGV[2] dead codes that lock the phone
  ARGV[3] lockout counting window, ms
  ARGV[4] lockout duration, ms

  Returns {1, 0}           verified; the code is deleted (single use)
          {0, remaining}   wrong code; `remaining` attempts left
          {-1, 0}          no pending code (never sent, expired, or already used)
          {-2, 0}          attempts exhausted; the code is dead until it expires or is replaced
          {-3, lockMs}     the phone is locked out for lockMs (now, or by this very guess)
]]
local lockMs = redis.call('PTTL', KEYS[3])
if lockMs > 0 then
  return {-3, lockMs}
end

local state = redis.call('HMGET', KEYS[1], 'h', 'att', 'max')
local hmac, attempts, maxAttempts = state[1], tonumber(state[2]), tonumber(state[3])

if not hmac then
  return {-1, 0}
end
if attempts >= maxAttempts then
  return {-2, 0}
end
if hmac == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {1, 0}
end

attempts = redis.call('HINCRBY', KEYS[1], 'att', 1)
if attempts < maxAttempts then
  return {0, maxAttempts - attempts}
end

-- This guess killed the code.
local dead = redis.call('INCR', KEYS[2])
if dead == 1 then
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
if dead >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
  redis.call('DEL', KEYS[2], KEYS[1])
  return {-3, tonumber(ARGV[4])}
end
return {-2, 0}
