import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The guard remembers for weeks which phones verified with which app. It keeps that
 * under a keyed hash of the phone, so a Redis dump does not list an app's users; the
 * key is derived from OTP_SECRET, apart from the keys derived for codes and jobs.
 */
export class PhonePseudonyms {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'otp-relay', 'guard-phone-pseudonym', 32));
  }

  /** 128 bits of HMAC-SHA256 over the app and the E.164 phone. */
  of(app: string, phone: string): string {
    return createHmac('sha256', this.#key).update(`${app}\n${phone}`).digest('base64url').slice(0, 22);
  }
}
