import { Queue, type ConnectionOptions } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from './job-options.js';
import { SEND_OTP_JOB, SMS_QUEUE_NAME } from './names.js';
import type { SmsJobData } from './payload.js';

export interface SmsQueueOptions {
  connection: ConnectionOptions;
  /** BullMQ key prefix; a hash tag such as `{otp}` keeps every queue key in one cluster slot. */
  prefix: string;
  /** Connection errors while Redis is away. Required: an unhandled 'error' event would crash the process. */
  onError: (error: Error) => void;
}

/** The producer side of the send queue, used by the API. */
export class SmsQueue {
  readonly queue: Queue<SmsJobData>;

  constructor(options: SmsQueueOptions) {
    this.queue = new Queue<SmsJobData>(SMS_QUEUE_NAME, {
      connection: options.connection,
      prefix: options.prefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    this.queue.on('error', options.onError);
  }

  /** The request id doubles as the job id, so a retried enqueue cannot create a second send. */
  async enqueue(data: SmsJobData): Promise<void> {
    await this.queue.add(SEND_OTP_JOB, data, { jobId: data.requestId });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
