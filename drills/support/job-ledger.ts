import { SMS_QUEUE_NAME } from '@otp/queue';
import type { Redis } from '@otp/redis';

/** What the queue's event stream says happened to one job. */
export interface JobHistory {
  /** One entry per `completed` event: the processor's result status, e.g. `sent` or `skipped`. */
  completed: string[];
  /** One entry per final `failed` event: the reason. */
  failed: string[];
  /** How often the job was found stalled (its worker died holding it). */
  stalled: number;
}

/**
 * Reads the whole BullMQ event stream of a drill's queue after the fact, so no
 * event can be missed by subscribing late, and a crashed worker's history is
 * still there (the stream lives in Redis, not in the worker).
 */
export async function readJobHistories(redis: Redis, queuePrefix: string): Promise<Map<string, JobHistory>> {
  const entries = await redis.xrange(`${queuePrefix}:${SMS_QUEUE_NAME}:events`, '-', '+');
  const histories = new Map<string, JobHistory>();
  for (const [, flat] of entries) {
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i] as string, flat[i + 1] as string);
    const jobId = fields.get('jobId');
    if (!jobId) continue;
    const history = histories.get(jobId) ?? { completed: [], failed: [], stalled: 0 };
    histories.set(jobId, history);
    const event = fields.get('event');
    if (event === 'completed') {
      const result = JSON.parse(fields.get('returnvalue') ?? 'null') as { status?: string } | null;
      history.completed.push(result?.status ?? 'unknown');
    } else if (event === 'failed') {
      history.failed.push(fields.get('failedReason') ?? '');
    } else if (event === 'stalled') {
      history.stalled += 1;
    }
  }
  return histories;
}

/** Jobs not yet finished: waiting, active, delayed or prioritized. */
export async function unfinishedJobs(redis: Redis, queuePrefix: string): Promise<number> {
  const key = (name: string): string => `${queuePrefix}:${SMS_QUEUE_NAME}:${name}`;
  const [wait, active, delayed, prioritized] = await Promise.all([
    redis.llen(key('wait')),
    redis.llen(key('active')),
    redis.zcard(key('delayed')),
    redis.zcard(key('prioritized')),
  ]);
  return wait + active + delayed + prioritized;
}

/** The attempts a queued job was given (BullMQ's `attempts` option; unset or 0 means one). */
export async function jobAttempts(redis: Redis, queuePrefix: string, jobId: string): Promise<number> {
  const opts = await redis.hget(`${queuePrefix}:${SMS_QUEUE_NAME}:${jobId}`, 'opts');
  if (!opts) return 1;
  const parsed = JSON.parse(opts) as { attempts?: number };
  return Math.max(1, parsed.attempts ?? 1);
}
