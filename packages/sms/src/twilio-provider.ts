import type twilio from 'twilio';
import type { ChannelProvider } from './channel-provider.js';
import type { SmsMessage, SmsProvider, SmsReceipt } from './sms-provider.js';
import { createTwilioClient, validityPeriod, type TwilioClientOptions } from './twilio-client.js';
import { classifyTwilioError } from './twilio-errors.js';

export interface TwilioProviderOptions extends TwilioClientOptions {
  /** Preferred sender: a Messaging Service picks the sender per destination (recommended for India). */
  messagingServiceSid?: string | undefined;
  /** Sender used when no Messaging Service is set. */
  phoneNumber?: string | undefined;
  /** Where status callbacks go, e.g. https://otp.example.com/webhooks/twilio/status. Unset: no callbacks. */
  statusCallbackUrl?: string | undefined;
}

/** SMS through the official twilio SDK (Messages API, 2010-04-01). */
export class TwilioProvider implements SmsProvider, ChannelProvider {
  readonly name = 'twilio';
  readonly channel = 'sms';
  readonly #client: twilio.Twilio;
  readonly #options: TwilioProviderOptions;

  constructor(options: TwilioProviderOptions) {
    this.#options = options;
    this.#client = createTwilioClient(options);
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const { messagingServiceSid, phoneNumber, statusCallbackUrl } = this.#options;
    try {
      const created = await this.#client.messages.create({
        to: message.to,
        body: message.body,
        ...(messagingServiceSid ? { messagingServiceSid } : { from: phoneNumber as string }),
        ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
        validityPeriod: validityPeriod(message.validitySeconds),
      });
      return { providerMessageId: created.sid };
    } catch (error) {
      throw classifyTwilioError(error, 'sms');
    }
  }
}
