import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { defineSection, type SectionEnv } from './section.js';

const env = {
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
    description: 'development opens conveniences (generated secret, console SMS); production makes every secret mandatory.',
  }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info', description: 'pino log level.' },
  ),
  REDIS_URL: Type.String({
    default: 'redis://127.0.0.1:6379',
    pattern: '^rediss?://',
    description: 'Redis connection URL (redis:// or rediss://), database index included.',
  }),
  REDIS_CLUSTER_NODES: Type.Optional(
    Type.String({
      pattern: '^[^\\s,:]+:\\d+(,[^\\s,:]+:\\d+)*$',
      description:
        'Comma-separated host:port seed nodes of a Redis Cluster. When set it replaces the host of REDIS_URL, which still supplies the password, user and TLS (rediss://).',
    }),
  ),
  REDIS_KEY_PREFIX: Type.String({
    default: '',
    pattern: '^[^{}]*$',
    description: 'Prefix for every OTP key, to share one Redis between deployments. No braces: keys carry their own hash tags.',
  }),
  QUEUE_PREFIX: Type.String({
    default: '{otp}',
    pattern: '^\\{[^{}]+\\}$',
    description: 'BullMQ key prefix. It is a hash tag so every queue key lands in one Redis Cluster slot.',
  }),
  METRICS_TOKEN: Type.Optional(
    Type.String({
      minLength: 16,
      description:
        '/metrics (API and worker) then requires `Authorization: Bearer <token>`. At least 16 characters. Required in production unless METRICS_PUBLIC=true.',
    }),
  ),
  METRICS_PUBLIC: Type.Boolean({
    default: false,
    description: 'Serves /metrics without a token in production, on purpose (e.g. when only a private network reaches it). Cannot be combined with METRICS_TOKEN.',
  }),
};

/** Process, Redis, logging and metrics access: what every process reads. */
export const core = defineSection({
  readBy: ['api', 'worker'],
  env,
  toConfig: (env) => ({
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    redis: {
      url: env.REDIS_URL,
      clusterNodes: env.REDIS_CLUSTER_NODES ? parseNodes(env.REDIS_CLUSTER_NODES) : undefined,
      keyPrefix: env.REDIS_KEY_PREFIX,
      queuePrefix: env.QUEUE_PREFIX,
    },
    metricsToken: env.METRICS_TOKEN,
  }),
  problems: (e) => metricsAccessProblems(e),
});

/**
 * /metrics shows the budget, the guard's counters and the queue: in production it
 * is never open by accident. Serving it without a token takes METRICS_PUBLIC=true.
 */
function metricsAccessProblems(e: SectionEnv<typeof env>): ConfigProblem[] {
  if (e.METRICS_TOKEN && e.METRICS_PUBLIC) {
    return [{ variable: 'METRICS_PUBLIC', message: 'cannot be true while METRICS_TOKEN is set; choose one' }];
  }
  if (e.NODE_ENV === 'production' && !e.METRICS_TOKEN && !e.METRICS_PUBLIC) {
    return [
      {
        variable: 'METRICS_TOKEN',
        message: 'is required when NODE_ENV=production, so /metrics is not open to anyone (set METRICS_PUBLIC=true to serve it without a token on purpose)',
      },
    ];
  }
  return [];
}

function parseNodes(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((node) => {
    const [host, port] = node.split(':') as [string, string];
    return { host, port: Number(port) };
  });
}
