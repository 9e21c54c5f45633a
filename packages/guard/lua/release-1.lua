--[[
  Gives back one send counted by reserve-1.lua, when a later check refused the
  send and nothing went out. Never creates a key and never goes below zero, so
  a release that arrives after its window expired changes nothing.

  KEYS[1] counter key   guard:{<subject>}:<window>   integer

  Returns the count after the release (0 when the key is gone)
]]
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count <= 0 then
  return 0
end
return redis.call('DECR', KEYS[1])
