import twilio from 'twilio';
import { BaseUrlRequestClient } from './base-url-request-client.js';

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Default https://api.twilio.com. */
  apiBaseUrl?: string | undefined;
  /** Timeout of one API call. Default 10 000 ms. */
  timeoutMs?: number | undefined;
}

/** The SDK client every Twilio channel sends through, configured the one way they all need. */
export function createTwilioClient(options: TwilioClientOptions): twilio.Twilio {
  const timeout = options.timeoutMs ?? 10_000;
  return twilio(options.accountSid, options.authToken, {
    // Retries are ours (BullMQ, with backoff bounded by the code's expiry), so the SDK must not add its own.
    autoRetry: false,
    timeout,
    // Configuration comes from @otp/config only; the SDK must not read TWILIO_* from the process environment.
    env: {},
    httpClient: new BaseUrlRequestClient(options.apiBaseUrl ?? 'https://api.twilio.com', { timeout, autoRetry: false }),
  });
}

/** Twilio's longest accepted ValidityPeriod, in seconds. */
const MAX_VALIDITY_SECONDS = 36_000;

/** A Messages API ValidityPeriod that never lets Twilio deliver a code after it expired. */
export function validityPeriod(validitySeconds: number): number {
  return Math.max(1, Math.min(MAX_VALIDITY_SECONDS, Math.floor(validitySeconds)));
}
