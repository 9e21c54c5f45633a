--[[
  Moves one delivery record along queued → sending → sent → delivered |
  undelivered | failed | skipped, never backwards, and writes the fields that
  go with the step. Being one script, the read of the current status and the
  write of the new one are atomic: a delivery report racing the worker's own
  "sent" can never be overwritten by it, and two steps never interleave.

  A missing record is created: the request path's "queued" write is best effort,
  and the worker may reach the record first.

  KEYS[1] record key  delivery:{<requestId>}

  ARGV[1] target status
  ARGV[2] now, epoch ms (stored as <status>At, first time only)
  ARGV[3] lifetime ms, refreshed on every write
  ARGV[4] n: how many field/value pairs follow that are written whatever the
          outcome (history: attempts, provider message id, queued details)
  ARGV[5 .. 4+2n]  those pairs
  ARGV[5+2n ..]    pairs written only when the status moves

  Returns {1, status} moved (or stayed at sending for another attempt)
          {0, status} refused: the record is already at or past that step;
                      status is the one it keeps
]]
local RANK = { queued = 0, sending = 1, sent = 2, delivered = 3, undelivered = 3, failed = 3, skipped = 3 }

local key, target, now, ttl = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
local always = tonumber(ARGV[4])
local firstOnApply = 5 + 2 * always

for i = 5, firstOnApply - 1, 2 do
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
end

local current = redis.call('HGET', key, 'status')
local moves = (not current) or RANK[target] > RANK[current] or (target == 'sending' and current == 'sending')

if moves then
  redis.call('HSET', key, 'status', target)
  redis.call('HSETNX', key, target .. 'At', now)
  for i = firstOnApply, #ARGV, 2 do
    redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  end
end
redis.call('PEXPIRE', key, ttl)

if moves then
  return { 1, target }
end
return { 0, current }
