// The SDK's webhook module alone: the package root loads the whole REST client, about
// 9 MB of RSS the API (which only checks signatures) would carry for nothing.
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';

/**
 * Checks X-Twilio-Signature with the SDK's own validator: an HMAC-SHA1, keyed by
 * the auth token, of the full public URL Twilio called plus the sorted form
 * parameters. `url` must be the URL as Twilio saw it (PUBLIC_BASE_URL + path and
 * query), not the one a proxy handed to us.
 *
 * Also exported as `@otp/sms/twilio-signature`, so the API can check signatures
 * without loading the providers.
 */
export function isValidTwilioSignature(authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean {
  return validateRequest(authToken, signature, url, params);
}
