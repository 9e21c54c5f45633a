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
    WORKER_LOCK_DURATION_MS: Type.Integer({
      default: 30_000,
      minimum: 1000,
      maximum: 600_000,
      description:
        'How long a worker holds a job before others may take it back; renewed at half this while the job runs. After a crash, its jobs are sent again once this expires.',
    }),
    WORKER_STALLED_INTERVAL_MS: Type.Integer({
      default: 30_000,
      minimum: 1000,
      maximum: 600_000,
      description: 'How often workers look for jobs held by a worker that died, to put them back in the queue.',
    }),
  },
  toConfig: (env) => ({
    provider: env.SMS_PROVIDER,
    workerConcurrency: env.WORKER_CONCURRENCY,
    lockDurationMs: env.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS,
  }),
});
