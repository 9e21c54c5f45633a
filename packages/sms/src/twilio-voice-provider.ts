import type twilio from 'twilio';
import type { ChannelMessage, ChannelProvider } from './channel-provider.js';
import { otpCallTwiml } from './otp-call-twiml.js';
import type { SmsReceipt } from './sms-provider.js';
import { createTwilioClient, type TwilioClientOptions } from './twilio-client.js';
import { classifyTwilioError } from './twilio-errors.js';
import { sayLanguage } from './twilio-say-language.js';

export interface TwilioVoiceProviderOptions extends TwilioClientOptions {
  /** Caller ID: a voice-capable Twilio number or verified caller ID, E.164 (TWILIO_VOICE_NUMBER). */
  from: string;
  /** The call status callback, e.g. https://otp.example.com/webhooks/twilio/call-status. Unset: no callbacks. */
  statusCallbackUrl?: string | undefined;
}

/** Longest a phone rings before Twilio gives up ("no-answer"). */
const MAX_RING_SECONDS = 30;

/** Longest a call may last: the script takes about 20 s, and a cap bounds the cost of anything else. */
const TIME_LIMIT_SECONDS = 60;

/**
 * Voice through Twilio's Calls API with inline TwiML, which reads the code in
 * the message's language. Twilio's call status callback (sent for `completed`,
 * which carries the final CallStatus) tells whether it was answered.
 */
export class TwilioVoiceProvider implements ChannelProvider {
  readonly name = 'twilio';
  readonly channel = 'voice';
  readonly #client: twilio.Twilio;
  readonly #options: TwilioVoiceProviderOptions;

  constructor(options: TwilioVoiceProviderOptions) {
    this.#options = options;
    this.#client = createTwilioClient(options);
  }

  async send(message: ChannelMessage): Promise<SmsReceipt> {
    const { from, statusCallbackUrl } = this.#options;
    try {
      const call = await this.#client.calls.create({
        to: message.to,
        from,
        twiml: otpCallTwiml(message.body, message.otp, sayLanguage(message.locale, message.country)),
        // A phone still ringing when the code dies would read out a dead code.
        timeout: Math.max(1, Math.min(MAX_RING_SECONDS, Math.floor(message.validitySeconds))),
        timeLimit: TIME_LIMIT_SECONDS,
        ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
      });
      return { providerMessageId: call.sid };
    } catch (error) {
      throw classifyTwilioError(error, 'voice');
    }
  }
}
