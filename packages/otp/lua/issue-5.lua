--[[
  Issues a new code for one phone, replacing any code that phone still had,
  unless one of the phone's own limits refuses it.

  Atomic so that two concurrent sends can never both pass the cooldown or a
  send cap, and so that a phone never holds two valid codes. Every key shares
  the phone's hash tag, so this stays one script on Redis Cluster. Nothing is
  written when a limit refuses: a refused send leaves no trace to undo.

  KEYS[1] code key      otp:{<phone>}:code      hash: h (HMAC), rid, att, max
  KEYS[2] cooldown key  otp:{<phone>}:cooldown  string, expires with the cooldown
  KEYS[3] window key    otp:{<phone>}:sends     integer, sends in the current window
  KEYS[4] daily key     otp:{<phone>}:sends:day integer, sends in the current 24 hours
  KEYS[5] lock key      otp:{<phone>}:lock      exists while the phone is locked out

  ARGV[1] HMAC of the new code
  ARGV[2] request id
  ARGV[3] code lifetime, ms
  ARGV[4] resend cooldown, ms (0 disables it)
  ARGV[5] max wrong attempts
  ARGV[6] sends allowed per window
  ARGV[7] window, ms
  ARGV[8] sends allowed per 24 hours
  ARGV[9] 24 hours, ms

  Returns {1, 0}        issued
          {0, waitMs}   refused: the cooldown has waitMs left
          {-1, waitMs}  refused: the window cap is reached until waitMs from now
          {-2, waitMs}  refused: the daily cap is reached until waitMs from now
          {-3, waitMs}  refused: the phone is locked out for waitMs
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

local windowWaitMs = capped(KEYS[3], ARGV[6])
if windowWaitMs > 0 then
  return {-1, windowWaitMs}
end
local dailyWaitMs = capped(KEYS[4], ARGV[8])
if dailyWaitMs > 0 then
  return {-2, dailyWaitMs}
end

local function count(key, windowMs)
  if redis.call('INCR', key) == 1 then
    redis.call('PEXPIRE', key, windowMs)
  end
end
count(KEYS[3], ARGV[7])
count(KEYS[4], ARGV[9])

-- DEL first: the new hash must not inherit the old code's attempt count.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'rid', ARGV[2], 'att', 0, 'max', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[3])

if tonumber(ARGV[4]) > 0 then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[4])
end
return {1, 0}
