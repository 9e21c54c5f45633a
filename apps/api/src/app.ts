import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ApiConfig } from '@otp/config';
import type { DeliveryStore } from '@otp/delivery';
import type { Logger, Metrics } from '@otp/observability';
import type { SmsQueue } from '@otp/queue';
import type { RedisClient } from '@otp/redis';
import type { VerificationService } from '@otp/verification';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiKeyRegistry } from './plugins/api-key-registry.js';
import auth from './plugins/auth.js';
import errors from './plugins/errors.js';
import { deliveryStatusRoutes } from './routes/delivery-status.js';
import metricsPlugin from './plugins/metrics.js';
import openapi from './plugins/openapi.js';
import ipRateLimit from './plugins/rate-limit.js';
import { healthRoutes } from './routes/health.js';
import { rootRoutes } from './routes/root.js';
import { otpRoutes } from './routes/otp.js';
import { webhookRoutes } from './routes/webhooks.js';

export interface AppDeps {
  config: ApiConfig;
  logger: Logger;
  metrics: Metrics;
  verification: VerificationService;
  /** The send queue: readiness checks it, /metrics reports its depth, the dashboard shows it. */
  queue: SmsQueue;
  /** The request-path Redis client, pinged by readiness and holding the per-IP rate limit. */
  redis: RedisClient;
  /** Delivery records: read by the status API, moved on by provider webhooks. */
  delivery: DeliveryStore;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Builds the API without listening, so tests drive it with `app.inject()`. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.server.bodyLimit,
    // Strict input: unknown properties are refused, not silently dropped, and "123" is not coerced to 123.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    requestIdHeader: false,
    // Only behind a known proxy may X-Forwarded-For name the client: otherwise anyone could pick their IP.
    trustProxy: trustProxy(deps.config.guard.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errors);
  await app.register(helmet);
  await app.register(openapi);
  // Off unless ADMIN_USERNAME and ADMIN_PASSWORD are both set: an unprotected dashboard is never served.
  // Registered before any rate limiter: a limiter's onRoute hook only reaches routes added after it,
  // and one page of the dashboard fires dozens of API calls.
  // Loaded only when enabled: Bull Board adds about 8 MB of RSS to every API process.
  if (deps.config.server.dashboard) {
    const { dashboard } = await import('./plugins/dashboard.js');
    await app.register(dashboard, {
      ...deps.config.server.dashboard,
      queue: deps.queue,
      redis: deps.redis,
      keyPrefix: deps.config.redis.keyPrefix,
      metrics: deps.metrics,
      publicBaseUrl: deps.config.delivery.publicBaseUrl,
    });
  }
  await app.register(metricsPlugin, { metrics: deps.metrics, queue: deps.queue, redis: deps.redis, token: deps.config.metricsToken });
  await app.register(healthRoutes, { redis: deps.redis, queue: deps.queue });
  await app.register(rootRoutes);

  const { config, metrics } = deps;
  const apiKeys = new ApiKeyRegistry(config.guard.apiKeys);
  if (apiKeys.open) {
    app.log.warn('API_KEYS is not set: the OTP endpoints accept calls without an API key. Set API_KEYS before exposing this service.');
  }
  await app.register(async function authEndpoints(scope) {
    // Scoped: the IP limit and API keys guard send and verify only, not health, metrics or webhooks.
    await scope.register(ipRateLimit, { redis: deps.redis, keyPrefix: config.redis.keyPrefix, ...config.guard.ipRateLimit, metrics });
    // After the IP limit: wrong keys count against the caller's IP.
    await scope.register(auth, { registry: apiKeys, metrics });
    await scope.register(otpRoutes, { verification: deps.verification });
  });
  await app.register(async function statusEndpoints(scope) {
    // Callers poll delivery status: it needs the app's key but must not spend the send/verify IP budget.
    await scope.register(auth, { registry: apiKeys, metrics });
    await scope.register(deliveryStatusRoutes, { delivery: deps.delivery });
  });
  await app.register(webhookRoutes, {
    delivery: deps.delivery,
    metrics: deps.metrics,
    twilioAuthToken: deps.config.delivery.twilioAuthToken,
    publicBaseUrl: deps.config.delivery.publicBaseUrl,
    msg91WebhookSecret: deps.config.delivery.msg91WebhookSecret,
  });
  return app;
}

/** Fastify takes a hop count as a function; true, false and address lists as they are. */
function trustProxy(setting: boolean | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
