import type { Config } from '@otp/config';
import { createMetrics, type Logger, type Metrics } from '@otp/observability';
import { OtpStore } from '@otp/otp';
import { PayloadSealer, type SmsJobData } from '@otp/queue';
import { createRedis } from '@otp/redis';
import type { SmsProvider } from '@otp/sms';
import type { Worker } from 'bullmq';
import { createProvider } from './providers.js';
import type { SendOtpJobResult } from './send-otp-job.js';
import { buildWorker } from './worker.js';

export interface SmsWorker {
  worker: Worker<SmsJobData, SendOtpJobResult>;
  provider: SmsProvider;
  metrics: Metrics;
  /** Stops taking jobs, waits for in-flight sends, then closes Redis. */
  close(): Promise<void>;
}

export interface ComposeWorkerOptions {
  /** Replaces the provider SMS_PROVIDER names, e.g. a development provider writing to a test's stream. */
  provider?: SmsProvider;
  metrics?: Metrics;
}

/** Wires the worker from config. Shared by main.ts and the tests, so both run the same graph. */
export function composeWorker(config: Config, logger: Logger, options: ComposeWorkerOptions = {}): SmsWorker {
  const redis = createRedis({ url: config.redis.url, role: 'blocking', connectionName: 'otp-worker' });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const provider = options.provider ?? createProvider(config);
  const metrics = options.metrics ?? createMetrics();
  const worker = buildWorker({
    connection: redis,
    queuePrefix: config.redis.queuePrefix,
    concurrency: config.sms.workerConcurrency,
    lockDurationMs: config.sms.lockDurationMs,
    stalledIntervalMs: config.sms.stalledIntervalMs,
    store: new OtpStore(redis, { keyPrefix: config.redis.keyPrefix, secret: config.otp.secret, policy: config.otp }),
    sealer: new PayloadSealer(config.otp.secret),
    provider,
    logger,
    metrics,
    messageTemplate: config.otp.messageTemplate,
    ttlSeconds: config.otp.ttlSeconds,
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  return {
    worker,
    provider,
    metrics,
    async close() {
      await worker.close();
      await redis.quit();
    },
  };
}
