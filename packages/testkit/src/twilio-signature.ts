import { createHmac } from 'node:crypto';

/**
 * Signs a webhook the way Twilio does (HMAC-SHA1 keyed by the auth token over
 * the full URL followed by every POST parameter, sorted by name, as name+value;
 * base64). Written from Twilio's description rather than with the SDK, so tests
 * check the SDK validator against the real algorithm.
 */
export function signTwilioWebhook(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
