import { ServiceError } from '@otp/errors';
import { metricsScrapeAllowed, recordRedisUp, settleWithin, type Metrics } from '@otp/observability';
import { QUEUE_DEPTH_STATES, type SmsQueue } from '@otp/queue';
import type { RedisClient } from '@otp/redis';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** OpenAPI annotations; @fastify/swagger reads them from the route schema. */
const METRICS_ROUTE_SCHEMA = {
  summary: 'Prometheus metrics (text exposition format)',
  description: 'Requires `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set.',
  tags: ['operations'],
  produces: ['text/plain'],
};

export interface MetricsPluginOptions {
  metrics: Metrics;
  queue: SmsQueue;
  /** The request-path client, pinged at scrape time for otp_redis_up. */
  redis: RedisClient;
  /** When set, scrapers must send `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/** As readiness: a scrape must answer while Redis is away, not wait for it. */
const SCRAPE_READ_TIMEOUT_MS = 1000;

/** Label for requests no route matched, so scanners probing random URLs cannot explode label cardinality. */
const UNMATCHED_ROUTE = 'unmatched';

/** Times every request by route pattern and status, and serves the registry at GET /metrics. */
async function metricsPlugin(app: FastifyInstance, { metrics, queue, redis, token }: MetricsPluginOptions): Promise<void> {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get(
    '/metrics',
    { schema: METRICS_ROUTE_SCHEMA },
    async (request, reply) => {
      if (!metricsScrapeAllowed(request.headers.authorization, token)) throw new ServiceError('UNAUTHORIZED');
      await Promise.all([refreshQueueDepth(metrics, queue), recordRedisUp(metrics, () => redis.ping())]);
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
}

/**
 * Reads the queue depth and the age of the oldest waiting job at scrape time, so every scrape
 * sees Redis's current figures whichever API replica answers. A Redis outage leaves the last values
 * (otp_redis_up tells) and still serves the rest within the scrape's time.
 */
async function refreshQueueDepth(metrics: Metrics, queue: SmsQueue): Promise<void> {
  const read = await settleWithin(Promise.all([queue.depth(), queue.oldestWaitingAgeMs(Date.now())]), SCRAPE_READ_TIMEOUT_MS);
  if (!read) return;
  const [depth, oldestAgeMs] = read;
  for (const state of QUEUE_DEPTH_STATES) metrics.queueJobs.set({ state }, depth[state]);
  metrics.queueOldestWaitingAge.set(oldestAgeMs / 1000);
}

export default fp(metricsPlugin, { name: 'otp-metrics' });
