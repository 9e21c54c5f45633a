import { Type } from 'typebox';
import { defineSection } from './section.js';

/** Read by the worker too (see sms.ts and worker.ts): the same variable, one meaning. */
export const TWILIO_AUTH_TOKEN = Type.Optional(
  Type.String({ minLength: 1, description: 'Twilio Auth Token. The worker sends with it; the API checks X-Twilio-Signature on status callbacks with it.' }),
);

export const PUBLIC_BASE_URL = Type.Optional(
  Type.String({
    pattern: '^https?://[^/]+(/.*[^/])?$',
    description:
      'Public origin of the API, as the provider reaches it (no trailing slash). The worker sets Twilio StatusCallback from it; the API checks X-Twilio-Signature against it.',
  }),
);

export const DELIVERY_RECORD_TTL_SECONDS = Type.Integer({
  default: 86_400,
  minimum: 60,
  maximum: 2_592_000,
  description: 'How long a delivery status record (and its provider-id index) is kept.',
});

/** What the API needs of delivery: job attempts, the status records, and checking the providers' callbacks. */
export const delivery = defineSection({
  readBy: ['api'],
  env: {
    SMS_MAX_ATTEMPTS: Type.Integer({
      default: 5,
      minimum: 1,
      maximum: 20,
      description: 'Send attempts per SMS, the first included. The API sets it on each job.',
    }),
    DELIVERY_RECORD_TTL_SECONDS,
    PUBLIC_BASE_URL,
    TWILIO_AUTH_TOKEN,
    MSG91_WEBHOOK_SECRET: Type.Optional(
      Type.String({
        minLength: 16,
        description:
          'Shared secret MSG91 delivery reports must carry: in the X-Webhook-Secret header, or as ?secret= where only a URL can be set (the query string never reaches a log line). Unset: the endpoint refuses all.',
      }),
    ),
  },
  toConfig: (e) => ({
    maxAttempts: e.SMS_MAX_ATTEMPTS,
    recordTtlSeconds: e.DELIVERY_RECORD_TTL_SECONDS,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    twilioAuthToken: e.TWILIO_AUTH_TOKEN,
    msg91WebhookSecret: e.MSG91_WEBHOOK_SECRET,
  }),
});
