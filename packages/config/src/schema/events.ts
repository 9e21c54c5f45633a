import { Type } from 'typebox';
import { defineSection } from './section.js';

/** Delivery of events to the apps' webhooks (APP_SETTINGS webhookUrl): the worker's side. */
export const events = defineSection({
  readBy: ['worker'],
  env: {
    EVENT_WEBHOOK_TIMEOUT_MS: Type.Integer({
      default: 5000,
      minimum: 100,
      maximum: 60_000,
      description: "Longest one POST to an app's webhook may take; slower counts as failed and is retried on the schedule (over 27 hours).",
    }),
    EVENT_WORKER_CONCURRENCY: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 1000,
      description: 'Webhook calls one worker process makes at once; a slow receiver holds one of these, never a send.',
    }),
  },
  toConfig: (e) => ({ webhookTimeoutMs: e.EVENT_WEBHOOK_TIMEOUT_MS, concurrency: e.EVENT_WORKER_CONCURRENCY }),
});
