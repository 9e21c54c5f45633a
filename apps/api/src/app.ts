import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '@otp/config';
import { ApiKeyRegistry } from '@otp/guard';
import type { Logger, Metrics } from '@otp/observability';
import type { VerificationService } from '@otp/verification';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { Redis } from 'ioredis';
import type { IncomingMessage, ServerResponse } from 'node:http';
import auth from './plugins/auth.js';
import errors from './plugins/errors.js';
import ipRateLimit from './plugins/rate-limit.js';
import { otpRoutes } from './routes/otp.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  verification: VerificationService;
  /** The request-path Redis client, for the per-IP rate limit. */
  redis: Redis;
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
  await app.register(async function authEndpoints(scope) {
    // Scoped: the IP limit and API keys guard /api/v1/auth/* only, not health, metrics or webhooks.
    const { config, metrics } = deps;
    await scope.register(ipRateLimit, {
      redis: deps.redis,
      keyPrefix: config.redis.keyPrefix,
      max: config.guard.ipRateLimit.max,
      windowSeconds: config.guard.ipRateLimit.windowSeconds,
      metrics,
    });
    // After the IP limit: wrong keys count against the caller's IP.
    await scope.register(auth, { registry: new ApiKeyRegistry(config.guard.apiKeys), metrics });
    await scope.register(otpRoutes, { verification: deps.verification });
  });
  return app;
}

/** Fastify takes a hop count as a function; true, false and address lists as they are. */
function trustProxy(setting: boolean | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
