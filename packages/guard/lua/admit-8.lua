--[[
  Decides one send against every global limit of the guard and, if it passes,
  counts it everywhere: fixed-window counters (app per minute, number range,
  country per hour, daily budgets), the conversion buckets of the send, and the
  send's context, so that a verification of its code can credit them.

  One script under one hash tag ({guard}): the send is checked and counted
  atomically on every counter at once, so a refusal writes nothing and a
  partial failure cannot leave some counters counted (issue 14). Every window
  is part of its key, so a late give-back (release-8.lua) can only ever touch
  the window it was counted in.

  A counter with a trusted reserve keeps a share of its limit for trusted phones
  (verified recently by this app): strangers may use `strangerLimit`, trusted
  phones the whole limit or, when strangers filled it, their reserve
  (limit - strangerLimit). Each counter field <f> has <f>|t, the trusted part.

  The conversion rule, per bucket, with S sends and V verified sends in the last
  24 hours (the previous day weighted by its overlap with them):
      let the send through while  S + 1 - (1 + credit) * V <= allowance
  Trusted phones are never judged by it; exempt sends (a valid CAPTCHA) neither.
  Mirrored for Retry-After in src/conversion-rule.ts.

  KEYS[1] trust              guard:{guard}:trusted:<app>:<phone id>   string: trusted until, epoch ms
  KEYS[2] send context       guard:{guard}:sent:<app>:<phone id>      string: a line "<request id> <until> <bucket>…"
                             for the latest send, then one for the send it replaced
  KEYS[3] conversion, today  guard:{guard}:conversion:<YYYY-MM-DD>  hash: s|<bucket>, v|<bucket>
  KEYS[4] conversion, the day before
  KEYS[5] minute counters    guard:{guard}:minute:<YYYY-MM-DDTHH:MM>  hash: <field>, <field>|t
  KEYS[6] hour counters      guard:{guard}:hour:<YYYY-MM-DDTHH>
  KEYS[7] range counters     guard:{guard}:range:<window start>
  KEYS[8] day counters       guard:{guard}:day:<YYYY-MM-DD>

  ARGV[1] now, epoch ms
  ARGV[2] judgement: enforce | record | exempt
  ARGV[3] weight of the day before (0..1)
  ARGV[4] allowance
  ARGV[5] credit per verified send
  ARGV[6] how long today's conversion hash lives from now, ms
  ARGV[7] request id
  ARGV[8] how long the send's context lives (the code's lifetime), ms
  ARGV[9] n, the number of buckets, then n bucket ids
  then m, the number of counters, then 6 values per counter:
          key index (5..8), field, limit, strangerLimit, cost, key lifetime from now (ms)

  Returns {status, trusted, counter, <2 values per counter>, <5 values per bucket>}
          status   1 counted; 0 refused by counter number `counter`; -1 throttled by the conversion rule
          trusted  1 when the phone is trusted
          per counter: units counted (after this send when counted), the trusted part
          per bucket (absent when a counter refused): sends, verified today; sends, verified the day
                   before (before this send); 1 when the bucket is over the rule
]]
local now = tonumber(ARGV[1])
local judgement = ARGV[2]
local weight = tonumber(ARGV[3])
local allowance = tonumber(ARGV[4])
local paid = 1 + tonumber(ARGV[5])

local buckets = {}
local nb = tonumber(ARGV[9])
for i = 1, nb do
  buckets[i] = ARGV[9 + i]
end
local counters = {}
local at = 10 + nb
for i = 1, tonumber(ARGV[at]) do
  local base = at + (i - 1) * 6
  counters[i] = {
    key = KEYS[tonumber(ARGV[base + 1])], field = ARGV[base + 2], limit = tonumber(ARGV[base + 3]),
    strangerLimit = tonumber(ARGV[base + 4]), cost = tonumber(ARGV[base + 5]), lifetime = ARGV[base + 6],
  }
end

local phone = redis.call('MGET', KEYS[1], KEYS[2])
local trusted = tonumber(phone[1] or '0') > now
local reply = {1, trusted and 1 or 0, 0}

local refused = 0
for i, c in ipairs(counters) do
  local values = redis.call('HMGET', c.key, c.field, c.field .. '|t')
  -- A field seen for the first time may be the window's first: only then does its key need a lifetime.
  c.new = not values[1]
  c.used, c.byTrusted = tonumber(values[1] or '0'), tonumber(values[2] or '0')
  local fits = (trusted and (c.used + c.cost <= c.limit or c.byTrusted + c.cost <= c.limit - c.strangerLimit))
    or (not trusted and c.used + c.cost <= c.limit and c.used - c.byTrusted + c.cost <= c.strangerLimit)
  if not fits and refused == 0 then
    refused = i
  end
end
if refused > 0 then
  reply[1], reply[3] = 0, refused
  for _, c in ipairs(counters) do
    table.insert(reply, c.used)
    table.insert(reply, c.byTrusted)
  end
  return reply
end

local fields = {}
for i, bucket in ipairs(buckets) do
  fields[2 * i - 1], fields[2 * i] = 's|' .. bucket, 'v|' .. bucket
end
local today, before = {}, {}
if nb > 0 then
  today = redis.call('HMGET', KEYS[3], unpack(fields))
  before = redis.call('HMGET', KEYS[4], unpack(fields))
end
-- Every send has the country bucket first: while it is missing, today's hash is new and needs its lifetime.
local newDay = nb > 0 and not today[1]
local over = false
local states = {}
for i = 1, nb do
  local s, v = tonumber(today[2 * i - 1] or '0'), tonumber(today[2 * i] or '0')
  local ps, pv = tonumber(before[2 * i - 1] or '0'), tonumber(before[2 * i] or '0')
  local excess = weight * (ps - paid * pv) + (s - paid * v) + 1
  local bucketOver = excess > allowance and 1 or 0
  if bucketOver == 1 then
    over = true
  end
  for _, value in ipairs({s, v, ps, pv, bucketOver}) do
    table.insert(states, value)
  end
end
if over and judgement == 'enforce' and not trusted then
  reply[1] = -1
end

for _, c in ipairs(counters) do
  if reply[1] == 1 then
    c.used = redis.call('HINCRBY', c.key, c.field, c.cost)
    if trusted then
      c.byTrusted = redis.call('HINCRBY', c.key, c.field .. '|t', c.cost)
    end
    if c.new then
      redis.call('PEXPIRE', c.key, c.lifetime)
    end
  end
  table.insert(reply, c.used)
  table.insert(reply, c.byTrusted)
end
for _, value in ipairs(states) do
  table.insert(reply, value)
end
if reply[1] ~= 1 then
  return reply
end

for _, bucket in ipairs(buckets) do
  redis.call('HINCRBY', KEYS[3], 's|' .. bucket, 1)
end
if newDay then
  redis.call('PEXPIRE', KEYS[3], ARGV[6])
end

-- The send's context, for the verification that may follow. The one it replaces is
-- kept on a second line, for release-8.lua to restore if this send is given back.
local contextTtl = tonumber(ARGV[8])
local context = ARGV[7] .. ' ' .. (now + contextTtl) .. ' ' .. table.concat(buckets, ' ')
local replaced = phone[2] and string.match(phone[2], '^[^\n]+')
redis.call('SET', KEYS[2], replaced and (context .. '\n' .. replaced) or context, 'PX', contextTtl)
return reply
