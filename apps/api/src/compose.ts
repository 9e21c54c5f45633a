import type { Config } from '@otp/config';
import { DeliveryStore } from '@otp/delivery';
import { createMetrics, type Logger, type Metrics } from '@otp/observability';
import { OtpStore } from '@otp/otp';
import { PayloadSealer, SmsQueue } from '@otp/queue';
import { createRedis, type Redis } from '@otp/redis';
import { VerificationService } from '@otp/verification';
import { buildApp, type App } from './app.js';

export interface Api {
  app: App;
  /** The request-path Redis client; tests wait for it to be ready. */
  redis: Redis;
  metrics: Metrics;
  /** Stops accepting, lets in-flight requests finish, then closes the queue and Redis. */
  close(): Promise<void>;
}

/** Wires the API's services from config. Shared by main.ts and the tests, so both run the same graph. */
export async function composeApi(config: Config, logger: Logger, metrics: Metrics = createMetrics()): Promise<Api> {
  const redis = createRedis({ url: config.redis.url, role: 'request', connectionName: 'otp-api' });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const queue = new SmsQueue({ connection: redis, prefix: config.redis.queuePrefix, attempts: config.sms.maxAttempts });
  const delivery = new DeliveryStore(redis, { keyPrefix: config.redis.keyPrefix, ttlSeconds: config.sms.deliveryRecordTtlSeconds });
  const store = new OtpStore(redis, { keyPrefix: config.redis.keyPrefix, secret: config.otp.secret, policy: config.otp });
  const verification = new VerificationService({ store, queue, sealer: new PayloadSealer(config.otp.secret), metrics, delivery });
  const app = await buildApp({ config, logger, metrics, verification, delivery });
  return {
    app,
    redis,
    metrics,
    async close() {
      await app.close();
      await queue.close();
      await redis.quit();
    },
  };
}
