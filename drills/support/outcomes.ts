import type { Redis } from '@otp/redis';
import { sleep } from '../../bench/support/processes.js';
import { readJobHistories, unfinishedJobs, type JobHistory } from './job-ledger.js';
import type { SmsCollector } from './sms-collector.js';

/** Where each request of a drill ended, from the collector's count and the queue's event stream. */
export interface Outcomes {
  requests: number;
  /** Accepted by the provider at least once. */
  delivered: number;
  /** Never sent, and recorded by the worker as skipped (code no longer live). */
  skipped: number;
  /** Job failed for good, without any accepted send. */
  failed: number;
  /** Neither sent, skipped nor failed: the drill's definition of lost. */
  lost: number;
  /** Extra accepted sends beyond the first, summed over requests. */
  duplicates: number;
  /** Jobs that BullMQ found stalled (their worker died holding them). */
  stalled: number;
  histories: Map<string, JobHistory>;
}

export function tally(requestIds: string[], collector: SmsCollector, histories: Map<string, JobHistory>): Outcomes {
  const counts = collector.countsByRequest();
  const outcome = { requests: requestIds.length, delivered: 0, skipped: 0, failed: 0, lost: 0, duplicates: 0, stalled: 0, histories };
  for (const requestId of requestIds) {
    const sends = counts.get(requestId) ?? 0;
    const history = histories.get(requestId);
    outcome.stalled += history?.stalled ?? 0;
    if (sends > 0) {
      outcome.delivered += 1;
      outcome.duplicates += sends - 1;
    } else if (history?.completed.includes('skipped')) outcome.skipped += 1;
    else if (history && history.failed.length > 0) outcome.failed += 1;
    else outcome.lost += 1;
  }
  return outcome;
}

/** Waits until the queue holds no unfinished job and every request has a final event, or `timeoutMs` passes. */
export async function settle(redis: Redis, queuePrefix: string, requestIds: string[], timeoutMs: number): Promise<Map<string, JobHistory>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const histories = await readJobHistories(redis, queuePrefix);
    const finished = requestIds.every((id) => {
      const history = histories.get(id);
      return history !== undefined && (history.completed.length > 0 || history.failed.length > 0);
    });
    if ((finished && (await unfinishedJobs(redis, queuePrefix)) === 0) || Date.now() > deadline) return histories;
    await sleep(250);
  }
}
