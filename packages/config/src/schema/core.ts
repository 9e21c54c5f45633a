import { Type } from 'typebox';
import { defineSection } from './section.js';

/** Process, HTTP server, Redis and logging. */
export const core = defineSection({
  env: {
    NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
      default: 'development',
      description: 'development opens conveniences (generated secret, console SMS); production makes every secret mandatory.',
    }),
    HOST: Type.String({ default: '0.0.0.0', minLength: 1, description: 'Address the API listens on.' }),
    PORT: Type.Integer({ default: 8000, minimum: 0, maximum: 65535, description: 'Port the API listens on.' }),
    LOG_LEVEL: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
      { default: 'info', description: 'pino log level.' },
    ),
    BODY_LIMIT_BYTES: Type.Integer({
      default: 4096,
      minimum: 256,
      maximum: 1_048_576,
      description: 'Largest accepted request body; OTP requests are tiny.',
    }),
    REDIS_URL: Type.String({
      default: 'redis://127.0.0.1:6379',
      pattern: '^rediss?://',
      description: 'Redis connection URL (redis:// or rediss://), database index included.',
    }),
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
  },
  toConfig: (env) => ({
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    server: { host: env.HOST, port: env.PORT, bodyLimit: env.BODY_LIMIT_BYTES },
    redis: { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX, queuePrefix: env.QUEUE_PREFIX },
  }),
});
