import { ServiceError } from '@otp/errors';

export interface CaptchaSettings {
  provider: 'turnstile' | 'hcaptcha';
  secret: string;
  /** The provider's siteverify endpoint. */
  verifyUrl: string;
  /** Default 3000. */
  timeoutMs: number;
}

/**
 * Checks a CAPTCHA token with the provider's siteverify endpoint. Cloudflare
 * Turnstile and hCaptcha take the same form fields (secret, response, remoteip)
 * and answer `{"success": true|false, …}`.
 */
export class CaptchaVerifier {
  readonly #settings: CaptchaSettings;

  constructor(settings: CaptchaSettings) {
    this.#settings = settings;
  }

  get provider(): string {
    return this.#settings.provider;
  }

  /** Throws CAPTCHA_REQUIRED, CAPTCHA_INVALID, or SERVICE_UNAVAILABLE when the provider cannot be asked. */
  async verify(token: string | undefined, clientIp?: string): Promise<void> {
    if (!token) throw new ServiceError('CAPTCHA_REQUIRED');
    const form = new URLSearchParams({ secret: this.#settings.secret, response: token });
    if (clientIp) form.set('remoteip', clientIp);
    let result: { success?: unknown };
    try {
      const response = await fetch(this.#settings.verifyUrl, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(this.#settings.timeoutMs),
      });
      if (!response.ok) throw new Error(`${this.#settings.provider} siteverify answered HTTP ${response.status}`);
      result = (await response.json()) as { success?: unknown };
    } catch (error) {
      // Fail closed: without a verdict the send is refused, but as our outage, not the user's fault.
      throw new ServiceError('SERVICE_UNAVAILABLE', {
        message: 'The CAPTCHA could not be checked; try again shortly.',
        cause: error,
      });
    }
    if (result.success !== true) throw new ServiceError('CAPTCHA_INVALID');
  }
}
