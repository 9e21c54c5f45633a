import twilio from 'twilio';

/**
 * Checks X-Twilio-Signature with the SDK's own validator: an HMAC-SHA1, keyed by
 * the auth token, of the full public URL Twilio called plus the sorted form
 * parameters. `url` must be the URL as Twilio saw it (PUBLIC_BASE_URL + path and
 * query), not the one a proxy handed to us.
 */
export function isValidTwilioSignature(authToken: string, signature: string, url: string, params: Record<string, unknown>): boolean {
  return twilio.validateRequest(authToken, signature, url, params);
}
