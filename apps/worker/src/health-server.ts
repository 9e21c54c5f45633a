import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkReadiness, metricsScrapeAllowed, recordRedisUp, type ReadinessCheck, type Metrics } from '@otp/observability';

export interface HealthServerOptions {
  host: string;
  /** 0 picks a free port; read the real one from `port` on the result. */
  port: number;
  /** Dependencies /health/ready checks, e.g. Redis and the worker loop. */
  checks: Record<string, ReadinessCheck>;
  /** PINGs the worker's Redis at scrape time, for otp_redis_up. */
  redisPing: ReadinessCheck;
  metrics: Metrics;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The worker's small HTTP side: the same /health/live, /health/ready and /metrics
 * as the API, so orchestrators and Prometheus treat both processes alike.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((request, response) => {
    route(request, options).then(
      ({ status, type, body }) => send(response, status, type, body),
      () => send(response, 500, 'application/json', JSON.stringify({ status: 'error' })),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

async function route(request: IncomingMessage, options: HealthServerOptions): Promise<Answer> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'GET') return json(405, { status: 'method not allowed' });
  switch (path) {
    case '/health/live':
      return json(200, { status: 'ok' });
    case '/health/ready': {
      const report = await checkReadiness(options.checks);
      return json(report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'unavailable', checks: report.checks });
    }
    case '/metrics':
      if (!metricsScrapeAllowed(request.headers.authorization, options.metricsToken)) return json(401, { status: 'unauthorized' });
      await recordRedisUp(options.metrics, options.redisPing);
      return { status: 200, type: options.metrics.registry.contentType, body: await options.metrics.registry.metrics() };
    default:
      return json(404, { status: 'not found' });
  }
}

function json(status: number, body: unknown): Answer {
  return { status, type: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}
