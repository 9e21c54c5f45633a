import type { ApiConfig } from '@otp/config';
import { DeliveryStore } from '@otp/delivery';
import { createSendGuard } from '@otp/guard';
import { Keyring } from '@otp/keyring';
import { createMetrics, type Logger, type Metrics } from '@otp/observability';
import { OtpStore } from '@otp/otp';
import { PayloadSealer, SmsQueue } from '@otp/queue';
import { closeRedis, createRedis, type RedisClient } from '@otp/redis';
import { TestPhoneNumbers, VerificationService } from '@otp/verification';
import { buildApp, type App } from './app.js';

export interface Api {
  app: App;
  /** The request-path Redis client; tests wait for it to be ready. */
  redis: RedisClient;
  queue: SmsQueue;
  metrics: Metrics;
  /** Stops accepting, lets in-flight requests finish, then closes the queue and Redis. */
  close(): Promise<void>;
}

/** Wires the API's services from config. Shared by main.ts and the tests, so both run the same graph. */
export async function composeApi(config: ApiConfig, logger: Logger, metrics: Metrics = createMetrics()): Promise<Api> {
  const redis = createRedis({
    url: config.redis.url,
    clusterNodes: config.redis.clusterNodes,
    role: 'request',
    connectionName: 'otp-api',
  });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const queue = new SmsQueue({
    connection: redis,
    prefix: config.redis.queuePrefix,
    attempts: config.delivery.maxAttempts,
    onError: (error) => logger.warn({ err: error }, 'queue connection error'),
  });
  const delivery = new DeliveryStore(redis, { keyPrefix: config.redis.keyPrefix, ttlSeconds: config.delivery.recordTtlSeconds });
  const { keyPrefix } = config.redis;
  const keyring = new Keyring({ current: config.otp.secret, previous: config.otp.previousSecret });
  const store = new OtpStore(redis, { keyPrefix, keyring, policy: config.otp, phoneLimits: config.guard.phone });
  const verification = new VerificationService({
    store,
    queue,
    sealer: new PayloadSealer(keyring),
    metrics,
    guard: createSendGuard(config, { redis, keyPrefix, metrics, logger }),
    testNumbers: new TestPhoneNumbers(config.guard.testPhoneNumbers),
    delivery,
    uniformVerifyErrors: config.guard.uniformVerifyErrors,
  });
  const app = await buildApp({ config, logger, metrics, verification, queue, redis, delivery });
  return {
    app,
    redis,
    queue,
    metrics,
    async close() {
      await app.close();
      // Redis first: a queue sharing a client that never connected would otherwise
      // report its aborted connection attempt after close, with no listener left.
      await closeRedis(redis);
      await queue.close();
    },
  };
}
