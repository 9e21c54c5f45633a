import type twilio from 'twilio';
import type { ChannelMessage, ChannelProvider } from './channel-provider.js';
import type { SmsReceipt } from './sms-provider.js';
import { createTwilioClient, validityPeriod, type TwilioClientOptions } from './twilio-client.js';
import { classifyTwilioError } from './twilio-errors.js';

export interface TwilioWhatsAppProviderOptions extends TwilioClientOptions {
  /** The approved authentication template (HX…); WhatsApp presets its text, we fill its one variable with the code. */
  contentSid: string;
  /** The WhatsApp sender in E.164 (sent as `whatsapp:+…`). Unset: the Messaging Service's sender pool. */
  from?: string | undefined;
  /** Used when `from` is unset; its pool must hold a WhatsApp sender. */
  messagingServiceSid?: string | undefined;
  /** The Messages status callback, shared with SMS: same resource, same signature. */
  statusCallbackUrl?: string | undefined;
}

/**
 * WhatsApp through Twilio's Messages API: `To=whatsapp:+E164` and an approved
 * authentication template (`ContentSid`) whose variable `1` is the code.
 * Business-initiated WhatsApp messages must be templates, so there is no Body.
 */
export class TwilioWhatsAppProvider implements ChannelProvider {
  readonly name = 'twilio';
  readonly channel = 'whatsapp';
  readonly #client: twilio.Twilio;
  readonly #options: TwilioWhatsAppProviderOptions;

  constructor(options: TwilioWhatsAppProviderOptions) {
    this.#options = options;
    this.#client = createTwilioClient(options);
  }

  async send(message: ChannelMessage): Promise<SmsReceipt> {
    const { contentSid, from, messagingServiceSid, statusCallbackUrl } = this.#options;
    try {
      const created = await this.#client.messages.create({
        to: `whatsapp:${message.to}`,
        ...(from ? { from: `whatsapp:${from}` } : { messagingServiceSid: messagingServiceSid as string }),
        contentSid,
        contentVariables: JSON.stringify({ 1: message.otp }),
        ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
        validityPeriod: validityPeriod(message.validitySeconds),
      });
      return { providerMessageId: created.sid };
    } catch (error) {
      throw classifyTwilioError(error, 'whatsapp');
    }
  }
}
