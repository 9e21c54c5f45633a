import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '@otp/config';
import type { Logger, Metrics } from '@otp/observability';
import type { SmsQueue } from '@otp/queue';
import type { RedisClient } from '@otp/redis';
import type { VerificationService } from '@otp/verification';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboard } from './plugins/dashboard.js';
import errors from './plugins/errors.js';
import metricsPlugin from './plugins/metrics.js';
import openapi from './plugins/openapi.js';
import { healthRoutes } from './routes/health.js';
import { otpRoutes } from './routes/otp.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  verification: VerificationService;
  /** The send queue: readiness checks it, /metrics reports its depth, the dashboard shows it. */
  queue: SmsQueue;
  /** The request-path Redis client, pinged by readiness. */
  redis: RedisClient;
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
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errors);
  await app.register(helmet);
  await app.register(openapi);
  // Off unless ADMIN_USERNAME and ADMIN_PASSWORD are both set: an unprotected dashboard is never served.
  // Registered before any rate limiter: a limiter's onRoute hook only reaches routes added after it,
  // and one page of the dashboard fires dozens of API calls.
  if (deps.config.ops.dashboard) await app.register(dashboard, { queue: deps.queue, ...deps.config.ops.dashboard });
  await app.register(metricsPlugin, { metrics: deps.metrics, queue: deps.queue, token: deps.config.ops.metricsToken });
  await app.register(healthRoutes, { redis: deps.redis, queue: deps.queue });
  await app.register(otpRoutes, { verification: deps.verification });
  return app;
}
