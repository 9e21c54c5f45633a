import { SMS_QUEUE_NAME, type SmsJobData } from '@otp/queue';
import { Worker, type ConnectionOptions } from 'bullmq';
import { createSendOtpProcessor, type SendOtpJobDeps, type SendOtpJobResult } from './send-otp-job.js';

export interface WorkerDeps extends SendOtpJobDeps {
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  connection: ConnectionOptions;
  queuePrefix: string;
  concurrency: number;
  /** Sends per second across every worker on this queue (BullMQ's limiter lives in Redis); 0 = no cap. */
  maxPerSecond: number;
}

/** Builds the send worker. It starts consuming at once; close() it to stop. */
export function buildWorker(deps: WorkerDeps): Worker<SmsJobData, SendOtpJobResult> {
  return new Worker<SmsJobData, SendOtpJobResult>(SMS_QUEUE_NAME, createSendOtpProcessor(deps), {
    connection: deps.connection,
    prefix: deps.queuePrefix,
    concurrency: deps.concurrency,
    ...(deps.maxPerSecond > 0 ? { limiter: { max: deps.maxPerSecond, duration: 1000 } } : {}),
    settings: {
      // The processor planned the delay (and checked it against the code's expiry) when the attempt failed.
      backoffStrategy: (attemptsMade, _type, _error, job) =>
        (job?.data as SmsJobData | undefined)?.retry?.delayMs ?? deps.backoff.delayMs(attemptsMade),
    },
  });
}
