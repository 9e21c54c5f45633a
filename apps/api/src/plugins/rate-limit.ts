import rateLimit from '@fastify/rate-limit';
import { ServiceError } from '@otp/errors';
import type { Metrics } from '@otp/observability';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Cluster, Redis } from 'ioredis';

export interface IpRateLimitOptions {
  /** The request-path client: the limit is shared by every API replica. */
  redis: Redis | Cluster;
  /** REDIS_KEY_PREFIX, so deployments sharing a Redis keep separate counts. */
  keyPrefix: string;
  /** Requests per window per client IP. Default 5 (RATE_LIMIT_MAX). */
  max: number;
  /** Default 900 (RATE_LIMIT_WINDOW). */
  windowSeconds: number;
  metrics: Metrics;
}

/**
 * Per-IP rate limit for the routes registered in the same scope: one budget
 * shared by all of them, in Redis. The client IP is the socket address unless
 * TRUST_PROXY lets Fastify take it from X-Forwarded-For.
 */
async function ipRateLimitPlugin(app: FastifyInstance, options: IpRateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.windowSeconds * 1000,
    redis: options.redis,
    nameSpace: `${options.keyPrefix}ratelimit:ip:`,
    // RateLimit-Limit/-Remaining/-Reset (IETF draft) and Retry-After.
    enableDraftSpec: true,
    // A Redis outage answers 503 like every other Redis-backed check, rather than dropping the limit.
    skipOnError: false,
    onExceeded: () => options.metrics.guardRejections.inc({ rule: 'ip' }),
    errorResponseBuilder: (_request, context) => {
      const waitSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new ServiceError('RATE_LIMITED', {
        retryAfterSeconds: waitSeconds,
        rateLimit: { limit: context.max, remaining: 0, resetSeconds: waitSeconds },
      });
    },
  });
}

export default fp(ipRateLimitPlugin, { name: 'otp-ip-rate-limit' });
