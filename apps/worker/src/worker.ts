import type { SendOtpProcessor, SendOtpResult } from '@otp/dispatch';
import { SMS_QUEUE_NAME, type SmsJobData } from '@otp/queue';
import { Worker, type ConnectionOptions } from 'bullmq';

/** How a crashed worker's jobs are found and handed to a live one. */
export interface StalledJobSettings {
  /** A job's lock lasts this long unless its worker renews it. Default 30 000 ms. */
  lockDurationMs: number;
  /** How often each worker looks for jobs whose lock expired. Default 30 000 ms. */
  stalledIntervalMs: number;
  /** Recoveries per job before it is failed, so a job that crashes workers cannot loop forever. Default 1. */
  maxStalledCount: number;
}

export interface WorkerDeps {
  processor: SendOtpProcessor;
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  connection: ConnectionOptions;
  queuePrefix: string;
  concurrency: number;
  stalled: StalledJobSettings;
  /** Sends per second across every worker on this queue (BullMQ's limiter lives in Redis); 0 = no cap. */
  maxPerSecond: number;
}

/** Builds the send worker. It starts consuming at once; close() it to stop. */
export function buildWorker(deps: WorkerDeps): Worker<SmsJobData, SendOtpResult> {
  return new Worker<SmsJobData, SendOtpResult>(SMS_QUEUE_NAME, deps.processor.process, {
    connection: deps.connection,
    prefix: deps.queuePrefix,
    concurrency: deps.concurrency,
    lockDuration: deps.stalled.lockDurationMs,
    stalledInterval: deps.stalled.stalledIntervalMs,
    maxStalledCount: deps.stalled.maxStalledCount,
    ...(deps.maxPerSecond > 0 ? { limiter: { max: deps.maxPerSecond, duration: 1000 } } : {}),
    settings: {
      // The processor planned the delay (and checked it against the code's expiry) when the attempt failed.
      backoffStrategy: (attemptsMade, _type, _error, job) =>
        (job?.data as SmsJobData | undefined)?.retry?.delayMs ?? deps.processor.retryDelayMs(attemptsMade),
    },
  });
}
