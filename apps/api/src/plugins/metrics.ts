import { ServiceError } from '@otp/errors';
import { metricsScrapeAllowed, type Metrics } from '@otp/observability';
import { QUEUE_DEPTH_STATES, type SmsQueue } from '@otp/queue';
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
  /** When set, scrapers must send `Authorization: Bearer <token>`. */
  token: string | undefined;
}

/** Label for requests no route matched, so scanners probing random URLs cannot explode label cardinality. */
const UNMATCHED_ROUTE = 'unmatched';

/** Times every request by route pattern and status, and serves the registry at GET /metrics. */
async function metricsPlugin(app: FastifyInstance, { metrics, queue, token }: MetricsPluginOptions): Promise<void> {
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
      await refreshQueueDepth(metrics, queue);
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
}

/**
 * Reads the queue depth at scrape time, so every scrape sees Redis's current counts
 * whichever API replica answers. A Redis outage leaves the last values and still serves the rest.
 */
async function refreshQueueDepth(metrics: Metrics, queue: SmsQueue): Promise<void> {
  const depth = await queue.depth().catch(() => undefined);
  if (!depth) return;
  for (const state of QUEUE_DEPTH_STATES) metrics.queueJobs.set({ state }, depth[state]);
}

export default fp(metricsPlugin, { name: 'otp-metrics' });
