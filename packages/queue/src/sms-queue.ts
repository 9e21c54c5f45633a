import { Queue, type ConnectionOptions } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from './job-options.js';
import { SEND_OTP_JOB, SMS_QUEUE_NAME } from './names.js';
import type { SmsJobData } from './payload.js';

export interface SmsQueueOptions {
  connection: ConnectionOptions;
  /** BullMQ key prefix; a hash tag such as `{otp}` keeps every queue key in one cluster slot. */
  prefix: string;
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
  }

  /** The request id doubles as the job id, so a retried enqueue cannot create a second send. */
  async enqueue(data: SmsJobData): Promise<void> {
    // `custom`: the worker's backoff strategy plans each delay, bounded by the code's expiry.
    await this.queue.add(SEND_OTP_JOB, data, { jobId: data.requestId, attempts: this.#attempts, backoff: { type: 'custom' } });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
