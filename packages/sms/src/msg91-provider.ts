import { classifyMsg91Answer, classifyMsg91Unreachable } from './msg91-errors.js';
import type { ChannelProvider } from './channel-provider.js';
import type { SmsMessage, SmsProvider, SmsReceipt } from './sms-provider.js';

export interface Msg91ProviderOptions {
  authKey: string;
  /** The OTP template (DLT-approved in India); MSG91 fills its `##OTP##` with our code. */
  templateId: string;
  senderId?: string | undefined;
  route?: string | undefined;
  /** Default https://control.msg91.com. */
  apiBaseUrl?: string;
  /** Timeout of one API call. Default 10 000 ms. */
  timeoutMs?: number;
}

interface Msg91Answer {
  type?: string;
  message?: string;
  request_id?: string;
}

/**
 * Sends through MSG91's v5 OTP API. We pass the code we generated: MSG91 only
 * delivers it, verification stays ours. SMS only: README says why MSG91 carries
 * no WhatsApp or voice here.
 */
export class Msg91Provider implements SmsProvider, ChannelProvider {
  readonly name = 'msg91';
  readonly channel = 'sms';
  readonly #options: Msg91ProviderOptions;

  constructor(options: Msg91ProviderOptions) {
    this.#options = options;
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const { authKey, timeoutMs } = this.#options;
    let response: Response;
    let answer: Msg91Answer;
    try {
      response = await fetch(this.#url(message), {
        method: 'POST',
        headers: { authkey: authKey, 'content-type': 'application/json', accept: 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(timeoutMs ?? 10_000),
      });
      answer = (await response.json().catch(() => ({}))) as Msg91Answer;
    } catch (error) {
      throw classifyMsg91Unreachable(error);
    }
    if (response.ok && answer.type === 'success' && answer.request_id) return { providerMessageId: answer.request_id };
    throw classifyMsg91Answer(response.ok ? 400 : response.status, answer.message ?? `HTTP ${response.status}`);
  }

  #url(message: SmsMessage): URL {
    const { templateId, senderId, route, apiBaseUrl } = this.#options;
    const url = new URL('/api/v5/otp', apiBaseUrl ?? 'https://control.msg91.com');
    url.searchParams.set('template_id', templateId);
    // MSG91 wants the country code without the plus: 919876543210.
    url.searchParams.set('mobile', message.to.replace(/^\+/, ''));
    url.searchParams.set('otp', message.otp);
    // Whole minutes, rounded down, so MSG91 never holds the code past its real expiry.
    url.searchParams.set('otp_expiry', String(Math.max(1, Math.floor(message.validitySeconds / 60))));
    if (senderId) url.searchParams.set('sender', senderId);
    if (route) url.searchParams.set('route', route);
    return url;
  }
}
