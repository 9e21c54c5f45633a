import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** The headers of one signed delivery, by the Standard Webhooks specification. */
export interface WebhookHeaders {
  'webhook-id': string;
  /** Unix seconds of this attempt: receivers refuse stale ones, so every retry is signed anew. */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256>`. */
  'webhook-signature': string;
}

/**
 * Signs one delivery as Standard Webhooks specifies: HMAC-SHA256, keyed by the
 * base64-decoded part of the `whsec_` secret, over `<id>.<timestamp>.<body>`,
 * sent as `v1,<base64>`. Written from the specification; the tests check it
 * against the specification's own verifier (the standardwebhooks package).
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): WebhookHeaders {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const timestamp = String(Math.floor(timestampSeconds));
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
