--[[
  Checks a candidate code, counts a wrong one and consumes the code on success.

  Every wrong guess at a live code goes into the app and phone's failure log,
  which a resend does not clear; only a success does. When the log holds
  `threshold` failures within the window, the phone is locked for this app
  until the oldest of them leaves the window (and for at least the minimum
  lock). So no window-long stretch of time ever sees more than `threshold`
  wrong guesses checked, whatever the mix of resends, waits and concurrency.

  One script, so check-count-consume cannot interleave with another verify:
  fifty concurrent right answers give one success, and concurrent wrong
  guesses cannot push the attempt count or the failure log past their limits.
  Every key shares the phone's hash tag, so this stays one script on Redis
  Cluster. A guess at no code, or at a dead one, is refused without a count:
  it cannot succeed, and another app's code is never seen from here.

  The comparison is between HMACs. Their timing tells an attacker nothing about
  the code, because they cannot compute the HMAC of a guess without OTP_SECRET.
  The caller sends the candidate's HMAC under each secret it holds, with that
  secret's id; the code's own key id picks which one to compare.

  KEYS[1] code key      otp:{<phone>}:<app>:code      hash: h, k, rid, att, max
  KEYS[2] failures key  otp:{<phone>}:<app>:failures  list: the times (ms) of the latest `threshold` wrong guesses, newest first
  KEYS[3] lock key      otp:{<phone>}:<app>:lock      exists while the phone is locked for this app

  ARGV[1] wrong guesses within the window that lock the phone
  ARGV[2] window, ms
  ARGV[3] shortest lock, ms
  ARGV[4], ARGV[5]  key id and HMAC of the candidate under the current secret
  ARGV[6], ARGV[7]  the same under the previous secret (optional)

  Returns {1, 0, rid}      verified; the code is deleted (single use) and the failure log cleared
          {0, remaining}   wrong code; `remaining` attempts left on this code
          {-1, 0}          no pending code (never sent, expired, already used, or hashed under a secret no longer held)
          {-2, 0}          attempts exhausted; the code is dead until it expires or is replaced
          {-3, lockMs}     the phone is locked out for lockMs (now, or by this very guess)
]]
local lockMs = redis.call('PTTL', KEYS[3])
if lockMs > 0 then
  return {-3, lockMs}
end

local state = redis.call('HMGET', KEYS[1], 'h', 'k', 'rid', 'att', 'max')
local hmac, keyId, rid, attempts, maxAttempts = state[1], state[2], state[3], tonumber(state[4]), tonumber(state[5])

if not hmac then
  return {-1, 0}
end
local candidate
for i = 4, #ARGV, 2 do
  if ARGV[i] == keyId then
    candidate = ARGV[i + 1]
  end
end
if not candidate then
  return {-1, 0}
end
if attempts >= maxAttempts then
  return {-2, 0}
end
if hmac == candidate then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {1, 0, rid}
end

attempts = redis.call('HINCRBY', KEYS[1], 'att', 1)

-- Only the latest `threshold` guesses can decide a lock, so the log keeps no more than those.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local threshold, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2])
local logged = redis.call('LPUSH', KEYS[2], now)
if logged > threshold then
  redis.call('LTRIM', KEYS[2], 0, threshold - 1)
end
redis.call('PEXPIRE', KEYS[2], windowMs)

-- The oldest of the latest `threshold` guesses: within the window, they are `threshold` in one window.
local oldest = logged >= threshold and tonumber(redis.call('LINDEX', KEYS[2], threshold - 1))
if oldest and oldest > now - windowMs then
  local lockFor = math.max(tonumber(ARGV[3]), oldest + windowMs - now)
  redis.call('SET', KEYS[3], '1', 'PX', lockFor)
  -- Nobody can use the code while locked, and a queued SMS for it must not go out.
  redis.call('DEL', KEYS[1])
  return {-3, lockFor}
end
if attempts >= maxAttempts then
  return {-2, 0}
end
return {0, maxAttempts - attempts}
