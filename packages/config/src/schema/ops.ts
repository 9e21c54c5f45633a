import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { defineSection, type SectionEnv } from './section.js';

/** Below this, a dashboard password is guessable; production refuses it. */
const MIN_PRODUCTION_ADMIN_PASSWORD = 12;

const env = {
  ADMIN_USERNAME: Type.Optional(
    Type.String({ minLength: 1, description: 'Bull Board user at /admin/queues. The dashboard is off unless both ADMIN_USERNAME and ADMIN_PASSWORD are set.' }),
  ),
  ADMIN_PASSWORD: Type.Optional(
    Type.String({
      minLength: 1,
      description: `Bull Board password (HTTP Basic auth). At least ${MIN_PRODUCTION_ADMIN_PASSWORD} characters in production.`,
    }),
  ),
  METRICS_TOKEN: Type.Optional(
    Type.String({ minLength: 16, description: 'When set, /metrics (API and worker) requires `Authorization: Bearer <token>`. At least 16 characters.' }),
  ),
  WORKER_HEALTH_HOST: Type.String({ default: '0.0.0.0', minLength: 1, description: "Address of the worker's health and metrics server." }),
  WORKER_HEALTH_PORT: Type.Integer({
    default: 8001,
    minimum: 0,
    maximum: 65535,
    description: "Port of the worker's /health/live, /health/ready and /metrics. 0 picks a free port.",
  }),
  WORKER_LOCK_DURATION_MS: Type.Integer({
    default: 30_000,
    minimum: 1000,
    maximum: 600_000,
    description: 'How long a worker holds a job before it must renew the lock; a crashed worker loses its jobs after this.',
  }),
  WORKER_STALLED_INTERVAL_MS: Type.Integer({
    default: 30_000,
    minimum: 1000,
    maximum: 600_000,
    description: 'How often each worker looks for jobs whose lock expired (a crashed worker) and hands them to a live one.',
  }),
  WORKER_MAX_STALLED_COUNT: Type.Integer({
    default: 1,
    minimum: 0,
    maximum: 10,
    description: 'How many times one job may be recovered from a crashed worker before it is failed.',
  }),
  WORKER_SHUTDOWN_TIMEOUT_MS: Type.Integer({
    default: 25_000,
    minimum: 1000,
    maximum: 600_000,
    description: 'On SIGTERM the worker finishes in-flight sends for at most this long, then exits; keep it below the orchestrator’s kill grace period.',
  }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({
    default: 10_000,
    minimum: 1000,
    maximum: 600_000,
    description: 'On SIGTERM the API finishes in-flight requests for at most this long, then exits.',
  }),
  REDIS_CLUSTER_NODES: Type.Optional(
    Type.String({
      pattern: '^[^\\s,:]+:\\d+(,[^\\s,:]+:\\d+)*$',
      description:
        'Comma-separated host:port seed nodes of a Redis Cluster. When set it replaces the host of REDIS_URL, which still supplies the password, user and TLS (rediss://).',
    }),
  ),
};

/** Operations: dashboard, metrics, health, lifecycle and scale-out settings. */
export const ops = defineSection({
  env,
  toConfig: (e) => ({
    dashboard: e.ADMIN_USERNAME && e.ADMIN_PASSWORD ? { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD } : undefined,
    metricsToken: e.METRICS_TOKEN,
    workerHealth: { host: e.WORKER_HEALTH_HOST, port: e.WORKER_HEALTH_PORT },
    worker: {
      lockDurationMs: e.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: e.WORKER_MAX_STALLED_COUNT,
      shutdownTimeoutMs: e.WORKER_SHUTDOWN_TIMEOUT_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    redisClusterNodes: e.REDIS_CLUSTER_NODES ? parseNodes(e.REDIS_CLUSTER_NODES) : undefined,
  }),
  problems: (e) => dashboardProblems(e),
});

function parseNodes(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((node) => {
    const [host, port] = node.split(':') as [string, string];
    return { host, port: Number(port) };
  });
}

/** The dashboard can retry and delete jobs: it is either fully protected or off, never open. */
function dashboardProblems(e: SectionEnv<typeof env> & { NODE_ENV: string }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (e.ADMIN_USERNAME && !e.ADMIN_PASSWORD) {
    problems.push({ variable: 'ADMIN_PASSWORD', message: 'is required when ADMIN_USERNAME is set (or unset both to turn the dashboard off)' });
  }
  if (e.ADMIN_PASSWORD && !e.ADMIN_USERNAME) {
    problems.push({ variable: 'ADMIN_USERNAME', message: 'is required when ADMIN_PASSWORD is set (or unset both to turn the dashboard off)' });
  }
  if (e.NODE_ENV === 'production' && e.ADMIN_PASSWORD && e.ADMIN_PASSWORD.length < MIN_PRODUCTION_ADMIN_PASSWORD) {
    problems.push({
      variable: 'ADMIN_PASSWORD',
      message: `must be at least ${MIN_PRODUCTION_ADMIN_PASSWORD} characters when NODE_ENV=production`,
    });
  }
  return problems;
}
