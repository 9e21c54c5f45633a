import { Type } from 'typebox';
import { defineSection } from './section.js';

/** The worker and the SMS providers it sends through. */
export const sms = defineSection({
  env: {
    SMS_PROVIDER: Type.Union([Type.Literal('development')], {
      default: 'development',
      description: 'Who delivers the SMS. development prints it to the worker console.',
    }),
    WORKER_CONCURRENCY: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 1000,
      description: 'Jobs one worker process sends at once.',
    }),
  },
  toConfig: (env) => ({
    provider: env.SMS_PROVIDER,
    workerConcurrency: env.WORKER_CONCURRENCY,
  }),
});
