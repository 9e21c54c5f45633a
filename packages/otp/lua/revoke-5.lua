--[[
  Withdraws a just-issued code when its send job could not be queued, so the
  caller is not left waiting out a cooldown for an SMS that will never come,
  and the send does not count against the phone's caps.
  Touches nothing if a newer request already replaced the code.

  KEYS[1] code key      otp:{<phone>}:<app>:code
  KEYS[2] cooldown key  otp:{<phone>}:<app>:cooldown
  KEYS[3] window key    otp:{<phone>}:<app>:sends
  KEYS[4] daily key     otp:{<phone>}:<app>:sends:day
  KEYS[5] all-apps key  otp:{<phone>}:global-sends

  ARGV[1] request id to withdraw

  Returns 1 withdrawn, 0 nothing to withdraw
]]
if redis.call('HGET', KEYS[1], 'rid') ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
for _, key in ipairs({KEYS[3], KEYS[4], KEYS[5]}) do
  if tonumber(redis.call('GET', key) or '0') > 0 then
    redis.call('DECR', key)
  end
end
return 1
