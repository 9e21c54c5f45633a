--[[
  Counts a billable provider attempt against the daily budgets, from the worker:
  every attempt that reaches a provider after the first (the API's admission
  counted the first), and gives the first back when it never reached one (the
  code was no longer live). Never refuses: the worker does not block a send the
  API accepted. A budget it pushes past its limit refuses further admissions of
  that class until the day ends.

  KEYS[1] day counters   guard:{guard}:day:<YYYY-MM-DD>   hash: <field>, <field>|t (units)

  ARGV[1] units: positive counts, negative gives back (never below zero, never creating the key)
  ARGV[2] 1 when the send counted as trusted
  ARGV[3] how long the day's key lives from now, ms
  ARGV[4..] the budget fields to count on

  Returns the units counted on the first field afterwards
]]
local units = tonumber(ARGV[1])
local trusted = ARGV[2] == '1'
if units < 0 and redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end

local function count(field)
  local value = tonumber(redis.call('HGET', KEYS[1], field) or '0')
  local change = math.max(units, -value)
  if change ~= 0 then
    value = redis.call('HINCRBY', KEYS[1], field, change)
  end
  return value
end

local first
for i = 4, #ARGV do
  local value = count(ARGV[i])
  if trusted then
    count(ARGV[i] .. '|t')
  end
  first = first or value
end
if units > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return first or 0
