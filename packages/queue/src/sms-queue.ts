import { Queue, type ConnectionOptions } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from './job-options.js';
import { SEND_OTP_JOB, SMS_QUEUE_NAME } from './names.js';
import type { SmsJobData } from './payload.js';

/** The job states operators watch: a growing `waiting` or `failed` count is the first sign of trouble. */
export const QUEUE_DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export type QueueDepth = Record<(typeof QUEUE_DEPTH_STATES)[number], number>;

export interface SmsQueueOptions {
  connection: ConnectionOptions;
  /** BullMQ key prefix; a hash tag such as `{otp}` keeps every queue key in one cluster slot. */
  prefix: string;
  /** Connection errors while Redis is away. Required: an unhandled 'error' event would crash the process. */
  onError: (error: Error) => void;
  /** Send attempts per job, the first included (SMS_MAX_ATTEMPTS). Default 1. */
  attempts?: number;
}

/** The producer side of the send queue, used by the API. */
export class SmsQueue {
  readonly queue: Queue<SmsJobData>;
  readonly #attempts: number;

  constructor(options: SmsQueueOptions) {
    this.#attempts = options.attempts ?? 1;
    this.queue = new Queue<SmsJobData>(SMS_QUEUE_NAME, {
      connection: options.connection,
      prefix: options.prefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    this.queue.on('error', options.onError);
  }

  /** The request id doubles as the job id, so a retried enqueue cannot create a second send. */
  async enqueue(data: SmsJobData): Promise<void> {
    // `custom`: the worker's backoff strategy plans each delay, bounded by the code's expiry.
    await this.queue.add(SEND_OTP_JOB, data, { jobId: data.requestId, attempts: this.#attempts, backoff: { type: 'custom' } });
  }

  /** Jobs per state, for readiness probes, the queue-depth gauge and alerts on backlog. */
  async depth(): Promise<QueueDepth> {
    const counts = await this.queue.getJobCounts(...QUEUE_DEPTH_STATES);
    return Object.fromEntries(QUEUE_DEPTH_STATES.map((state) => [state, counts[state] ?? 0])) as QueueDepth;
  }

  /**
   * How long the oldest waiting job has waited since it was queued, 0 when none waits:
   * codes expire, so this age, more than the count, says whether users get their SMS in time.
   */
  async oldestWaitingAgeMs(now: number): Promise<number> {
    // Ascending order: the first job of the range is the one queued earliest.
    const [oldest] = await this.queue.getWaiting(0, 0);
    return oldest ? Math.max(0, now - oldest.timestamp) : 0;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
