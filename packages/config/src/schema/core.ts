import { Type } from 'typebox';
import { defineSection } from './section.js';

/** Process, Redis, logging and metrics access: what every process reads. */
export const core = defineSection({
  readBy: ['api', 'worker'],
  env: {
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
      Type.String({ minLength: 16, description: 'When set, /metrics (API and worker) requires `Authorization: Bearer <token>`. At least 16 characters.' }),
    ),
  },
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
});

function parseNodes(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((node) => {
    const [host, port] = node.split(':') as [string, string];
    return { host, port: Number(port) };
  });
}
