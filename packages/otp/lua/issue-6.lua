--[[
  Issues a new code for one app and phone, replacing any code that app still
  had for the phone, unless one of the limits on that phone refuses it.

  Atomic so that two concurrent sends can never both pass the cooldown or a
  send cap, and so that an app never holds two valid codes for one phone. Every
  key shares the phone's hash tag, the all-apps ceiling included, so this stays
  one script on Redis Cluster. Nothing is written when a limit refuses: a
  refused send leaves no trace to undo. The failure count of verify-3.lua is not
  touched: a resend must not buy fresh guesses.

  KEYS[1] code key      otp:{<phone>}:<app>:code       hash: h (HMAC), k (key id), rid, att, max
  KEYS[2] cooldown key  otp:{<phone>}:<app>:cooldown   string, expires with the cooldown
  KEYS[3] window key    otp:{<phone>}:<app>:sends      integer, the app's sends in the current window
  KEYS[4] daily key     otp:{<phone>}:<app>:sends:day  integer, the app's sends in the current 24 hours
  KEYS[5] lock key      otp:{<phone>}:<app>:lock       exists while the phone is locked for this app
  KEYS[6] all-apps key  otp:{<phone>}:global-sends     integer, SMS to the phone from every app in the current 24 hours

  ARGV[1]  HMAC of the new code
  ARGV[2]  id of the secret that keyed it
  ARGV[3]  request id
  ARGV[4]  code lifetime, ms
  ARGV[5]  resend cooldown, ms (0 disables it)
  ARGV[6]  max wrong attempts
  ARGV[7]  sends allowed per window
  ARGV[8]  window, ms
  ARGV[9]  sends allowed per 24 hours, this app
  ARGV[10] SMS allowed per 24 hours, all apps; 0 when this code is never sent (a test number)
  ARGV[11] 24 hours, ms

  Returns {1, 0}        issued
          {0, waitMs}   refused: the cooldown has waitMs left
          {-1, waitMs}  refused: the window cap is reached until waitMs from now
          {-2, waitMs}  refused: the app's daily cap is reached until waitMs from now
          {-3, waitMs}  refused: the phone is locked out for this app for waitMs
          {-4, waitMs}  refused: the all-apps daily ceiling is reached until waitMs from now
]]
local lockMs = redis.call('PTTL', KEYS[5])
if lockMs > 0 then
  return {-3, lockMs}
end

local cooldownMs = redis.call('PTTL', KEYS[2])
if cooldownMs > 0 then
  return {0, cooldownMs}
end

-- A counter at its cap refuses until it expires; windows start at their first send.
local function capped(key, limit)
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(limit) then
    return math.max(redis.call('PTTL', key), 1)
  end
  return 0
end

local windowWaitMs = capped(KEYS[3], ARGV[7])
if windowWaitMs > 0 then
  return {-1, windowWaitMs}
end
local dailyWaitMs = capped(KEYS[4], ARGV[9])
if dailyWaitMs > 0 then
  return {-2, dailyWaitMs}
end
local sendsSms = tonumber(ARGV[10]) > 0
if sendsSms then
  local globalWaitMs = capped(KEYS[6], ARGV[10])
  if globalWaitMs > 0 then
    return {-4, globalWaitMs}
  end
end

local function count(key, windowMs)
  if redis.call('INCR', key) == 1 then
    redis.call('PEXPIRE', key, windowMs)
  end
end
count(KEYS[3], ARGV[8])
count(KEYS[4], ARGV[11])
if sendsSms then
  count(KEYS[6], ARGV[11])
end

-- DEL first: the new hash must not inherit the old code's attempt count.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'k', ARGV[2], 'rid', ARGV[3], 'att', 0, 'max', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[4])

if tonumber(ARGV[5]) > 0 then
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[5])
end
return {1, 0}
