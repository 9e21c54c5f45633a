import type { WorkerConfig } from '@otp/config';
import { DeliveryStore } from '@otp/delivery';
import { SendOtpProcessor, type SendOtpResult } from '@otp/dispatch';
import { BudgetLedger, RedisGuardStore } from '@otp/guard';
import { Keyring } from '@otp/keyring';
import { createMetrics, type Logger, type Metrics } from '@otp/observability';
import { OtpStore } from '@otp/otp';
import { PayloadSealer, type SmsJobData } from '@otp/queue';
import { closeRedis, createRedis, type RedisClient } from '@otp/redis';
import { ExponentialBackoff, type ProviderRouter, type SmsProvider } from '@otp/sms';
import type { Worker } from 'bullmq';
import { createRouter } from './providers.js';
import { buildWorker } from './worker.js';

export interface SmsWorker {
  worker: Worker<SmsJobData, SendOtpResult>;
  redis: RedisClient;
  /** The SMS_PROVIDER provider, used for countries no route names. */
  provider: SmsProvider;
  router: ProviderRouter;
  delivery: DeliveryStore;
  metrics: Metrics;
  /**
   * Stops taking jobs and waits for in-flight sends, for at most WORKER_SHUTDOWN_TIMEOUT_MS,
   * then closes Redis. A send still running then is abandoned, not lost: its lock
   * expires and another worker takes the job over.
   */
  close(): Promise<void>;
}

export interface ComposeWorkerOptions {
  /**
   * Stands in for the provider SMS_PROVIDER names, whatever its own name: e.g. a development
   * provider writing to a test's stream, or a drill's instrumented provider.
   */
  provider?: SmsProvider;
  metrics?: Metrics;
}

/** Wires the worker from config. Shared by main.ts and the tests, so both run the same graph. */
export function composeWorker(config: WorkerConfig, logger: Logger, options: ComposeWorkerOptions = {}): SmsWorker {
  const redis = createRedis({
    url: config.redis.url,
    clusterNodes: config.redis.clusterNodes,
    role: 'blocking',
    connectionName: 'otp-worker',
  });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const router = createRouter(config, options.provider ? { [config.sms.provider]: options.provider } : {});
  const metrics = options.metrics ?? createMetrics();
  const delivery = new DeliveryStore(redis, { keyPrefix: config.redis.keyPrefix, ttlSeconds: config.sms.deliveryRecordTtlSeconds });
  // Both secrets during a rotation: jobs queued under the previous one still open.
  const keyring = new Keyring({ current: config.otp.secret, previous: config.otp.previousSecret });
  const worker = buildWorker({
    connection: redis,
    queuePrefix: config.redis.queuePrefix,
    concurrency: config.worker.concurrency,
    stalled: config.worker.stalled,
    maxPerSecond: config.sms.maxPerSecond,
    processor: new SendOtpProcessor({
      store: new OtpStore(redis, { keyPrefix: config.redis.keyPrefix, keyring, policy: config.otp }),
      sealer: new PayloadSealer(keyring),
      router,
      delivery,
      budget: new BudgetLedger(new RedisGuardStore(redis, { keyPrefix: config.redis.keyPrefix }), metrics),
      backoff: new ExponentialBackoff({ baseDelayMs: config.sms.retryBaseDelayMs, maxDelayMs: config.sms.retryMaxDelayMs }),
      logger,
      metrics,
      messageTemplate: config.otp.messageTemplate,
      appMessageTemplates: Object.fromEntries(
        Object.entries(config.apps).flatMap(([app, s]) => (s.messageTemplate ? [[app, s.messageTemplate]] : [])),
      ),
      ttlSeconds: config.otp.ttlSeconds,
    }),
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  return {
    worker,
    redis,
    provider: router.routed('*'),
    router,
    delivery,
    metrics,
    async close() {
      if (await closedWithin(worker, config.worker.shutdownTimeoutMs)) {
        await closeRedis(redis);
        return;
      }
      logger.warn({ timeoutMs: config.worker.shutdownTimeoutMs }, 'in-flight sends outlived the shutdown timeout; another worker will take them over');
      // Dropping the connection stops lock renewal at once, so the job's lock expires and a live worker recovers it.
      redis.disconnect();
    },
  };
}

/** Graceful close, bounded: true when every in-flight job finished in time. */
async function closedWithin(worker: Worker, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([worker.close().then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
