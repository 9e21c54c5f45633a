--[[
  Checks a candidate code, counts the attempt and consumes the code on success.

  One script, so check-count-consume cannot interleave with another verify:
  fifty concurrent right answers give one success, and concurrent wrong
  guesses cannot push the attempt count past the limit.

  The comparison is between HMACs. Their timing tells an attacker nothing about
  the code, because they cannot compute the HMAC of a guess without OTP_SECRET.

  KEYS[1] code key  otp:{<phone>}:code

  ARGV[1] HMAC of the candidate code

  Returns {1, 0}           verified; the code is deleted (single use)
          {0, remaining}   wrong code; `remaining` attempts left
          {-1, 0}          no pending code (never sent, expired, or already used)
          {-2, 0}          attempts exhausted; the code is dead until it expires or is replaced
]]
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
if attempts >= maxAttempts then
  return {-2, 0}
end
return {0, maxAttempts - attempts}
