--[[
  Moves one delivery record along queued → sending → sent → delivered |
  undelivered | failed | skipped, never backwards, and writes the fields that
  go with the step. Being one script, the read of the current status and the
  write of the new one are atomic: a delivery report racing the worker's own
  "sent" can never be overwritten by it, and two steps never interleave.

  The ranks come from DELIVERY_STATUS_RANKS (src/delivery-status.ts), the one
  definition of the steps; the record keeps the rank of its status beside it.

  A missing record is created: the request path's "queued" write is best effort,
  and the worker may reach the record first.

  KEYS[1] record key  delivery:{<requestId>}   hash: status, rank, <status>At, …

  ARGV[1] target status
  ARGV[2] its rank
  ARGV[3] 1 when the target may be entered again at its own rank (another attempt is
          "sending" again), else 0
  ARGV[4] now, epoch ms (stored as <status>At, first time only)
  ARGV[5] lifetime ms, refreshed on every write
  ARGV[6] n: how many field/value pairs follow that are written whatever the
          outcome (history: attempts, provider message id, queued details)
  ARGV[7 .. 6+2n]  those pairs
  ARGV[7+2n ..]    pairs written only when the status moves

  Returns {1, status} moved (or stayed at a repeatable step for another attempt)
          {0, status} refused: the record is already at or past that step;
                      status is the one it keeps
]]
local key, target, targetRank, repeatable = KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1'
local now, ttl = ARGV[4], tonumber(ARGV[5])
local always = tonumber(ARGV[6])
local firstOnApply = 7 + 2 * always

for i = 7, firstOnApply - 1, 2 do
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
end

local current = redis.call('HMGET', key, 'status', 'rank')
local currentStatus, currentRank = current[1], tonumber(current[2])
local moves = (not currentStatus) or targetRank > currentRank or (repeatable and target == currentStatus)

if moves then
  redis.call('HSET', key, 'status', target, 'rank', targetRank)
  redis.call('HSETNX', key, target .. 'At', now)
  for i = firstOnApply, #ARGV, 2 do
    redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  end
end
redis.call('PEXPIRE', key, ttl)

if moves then
  return { 1, target }
end
return { 0, currentStatus }
