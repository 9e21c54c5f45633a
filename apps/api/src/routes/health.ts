import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkReadiness } from '@otp/observability';
import type { SmsQueue } from '@otp/queue';
import type { RedisClient } from '@otp/redis';
import { LiveResponse, ReadyResponse } from '../schemas/health.js';

export interface HealthRoutesOptions {
  redis: RedisClient;
  queue: SmsQueue;
}

/** Probes for orchestrators: liveness never touches Redis, so a Redis outage does not restart healthy pods. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthRoutesOptions> = async (app, { redis, queue }) => {
  app.get(
    '/health/live',
    { schema: { summary: 'Liveness: the process is up', tags: ['operations'], response: { 200: LiveResponse } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        summary: 'Readiness: Redis answers and the send queue is reachable',
        tags: ['operations'],
        response: { 200: ReadyResponse, 503: ReadyResponse },
      },
    },
    async (_request, reply) => {
      const report = await checkReadiness({ redis: () => redis.ping(), queue: () => queue.depth() });
      const checks = { redis: report.checks.redis ?? 'down', queue: report.checks.queue ?? 'down' };
      return reply.code(report.ready ? 200 : 503).send({ status: report.ready ? 'ready' : 'unavailable', checks });
    },
  );
};
