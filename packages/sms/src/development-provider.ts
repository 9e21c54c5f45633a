import { randomUUID } from 'node:crypto';
import type { Channel } from '@otp/channels';
import type { ChannelMessage, ChannelProvider } from './channel-provider.js';
import type { SmsMessage, SmsProvider, SmsReceipt } from './sms-provider.js';

/** How each channel's line starts on the console. SMS keeps the seed guide's exact wording. */
const LABELS: Record<Channel, string> = {
  sms: 'development SMS',
  whatsapp: 'development WhatsApp',
  voice: 'development voice call',
};

/**
 * Prints each message, code included, instead of sending it: the seed guide's
 * development mode, on every channel. The only place the plaintext code is ever
 * written out. WhatsApp shows the template variable it would fill; a call, what
 * it would say.
 */
export class DevelopmentProvider implements SmsProvider, ChannelProvider {
  readonly name = 'development';
  readonly channel: Channel;
  readonly #out: NodeJS.WritableStream;

  constructor(out: NodeJS.WritableStream = process.stdout, channel: Channel = 'sms') {
    this.#out = out;
    this.channel = channel;
  }

  async send(message: SmsMessage | ChannelMessage): Promise<SmsReceipt> {
    this.#out.write(`[${LABELS[this.channel]}] to ${message.to}: ${this.#content(message)}\n`);
    return { providerMessageId: `dev-${randomUUID()}` };
  }

  #content(message: SmsMessage): string {
    if (this.channel === 'whatsapp') return `template variable 1 = ${message.otp}`;
    if (this.channel === 'voice') return `${message.body} ${[...message.otp].join(' ')}`;
    return message.body;
  }
}
