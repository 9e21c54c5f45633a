import twilio from 'twilio';
import { BaseUrlRequestClient } from './base-url-request-client.js';
import type { SmsMessage, SmsProvider, SmsReceipt } from './sms-provider.js';
import { classifyTwilioError } from './twilio-errors.js';

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  /** Preferred sender: a Messaging Service picks the sender per destination (recommended for India). */
  messagingServiceSid?: string | undefined;
  /** Sender used when no Messaging Service is set. */
  phoneNumber?: string | undefined;
  /** Where status callbacks go, e.g. https://otp.example.com/webhooks/twilio/status. Unset: no callbacks. */
  statusCallbackUrl?: string | undefined;
  /** Default https://api.twilio.com. */
  apiBaseUrl?: string;
  /** Timeout of one API call. Default 10 000 ms. */
  timeoutMs?: number;
}

/** Twilio's longest accepted ValidityPeriod, in seconds. */
const MAX_VALIDITY_SECONDS = 36_000;

/** Sends through the official twilio SDK (Messages API, 2010-04-01). */
export class TwilioProvider implements SmsProvider {
  readonly name = 'twilio';
  readonly #client: twilio.Twilio;
  readonly #options: TwilioProviderOptions;

  constructor(options: TwilioProviderOptions) {
    this.#options = options;
    const timeout = options.timeoutMs ?? 10_000;
    this.#client = twilio(options.accountSid, options.authToken, {
      // Retries are ours (BullMQ, with backoff bounded by the code's expiry), so the SDK must not add its own.
      autoRetry: false,
      timeout,
      // Configuration comes from @otp/config only; the SDK must not read TWILIO_* from the process environment.
      env: {},
      httpClient: new BaseUrlRequestClient(options.apiBaseUrl ?? 'https://api.twilio.com', { timeout, autoRetry: false }),
    });
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const { messagingServiceSid, phoneNumber, statusCallbackUrl } = this.#options;
    try {
      const created = await this.#client.messages.create({
        to: message.to,
        body: message.body,
        ...(messagingServiceSid ? { messagingServiceSid } : { from: phoneNumber as string }),
        ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
        // Never let Twilio deliver a code after it has expired.
        validityPeriod: Math.max(1, Math.min(MAX_VALIDITY_SECONDS, Math.floor(message.validitySeconds))),
      });
      return { providerMessageId: created.sid };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }
}
