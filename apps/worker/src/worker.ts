import { SMS_QUEUE_NAME, type SmsJobData } from '@otp/queue';
import { Worker, type ConnectionOptions } from 'bullmq';
import { createSendOtpProcessor, type SendOtpJobDeps, type SendOtpJobResult } from './send-otp-job.js';

export interface WorkerDeps extends SendOtpJobDeps {
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  connection: ConnectionOptions;
  queuePrefix: string;
  concurrency: number;
  /** BullMQ `lockDuration`: after a crash, a held job returns to the queue once its lock expires. Default 30 000. */
  lockDurationMs: number;
  /** BullMQ `stalledInterval`: how often expired locks are looked for. Default 30 000. */
  stalledIntervalMs: number;
}

/** Builds the send worker. It starts consuming at once; close() it to stop. */
export function buildWorker(deps: WorkerDeps): Worker<SmsJobData, SendOtpJobResult> {
  return new Worker<SmsJobData, SendOtpJobResult>(SMS_QUEUE_NAME, createSendOtpProcessor(deps), {
    connection: deps.connection,
    prefix: deps.queuePrefix,
    concurrency: deps.concurrency,
    lockDuration: deps.lockDurationMs,
    stalledInterval: deps.stalledIntervalMs,
  });
}
