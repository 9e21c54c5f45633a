import type { Channel } from '@otp/channels';
import type { SmsMessage, SmsReceipt } from './sms-provider.js';

/**
 * One message on one channel. `body` is what the channel says around the code:
 * the whole SMS text; for voice, the sentence spoken before the digits; unused by
 * WhatsApp, whose approved template holds the text.
 */
export interface ChannelMessage extends SmsMessage {
  channel: Channel;
  /** The BCP 47 language of `body`, e.g. `hi` or `en-IN`; a call speaks it. */
  locale: string;
}

/** Whatever can send a ChannelMessage: a ChannelProvider, or an SMS provider the router picked. */
export interface MessageSender {
  readonly name: string;
  send(message: ChannelMessage): Promise<SmsReceipt>;
}

/**
 * The contract of a provider on one channel. `send` resolves once the provider
 * accepted the message and rejects with a classified SmsProviderError; a
 * recipient who cannot be reached on this channel at all (not a WhatsApp user)
 * is a permanent failure about the recipient, which lets the worker fall back.
 */
export interface ChannelProvider extends MessageSender {
  readonly channel: Channel;
}
