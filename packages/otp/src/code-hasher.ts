import { createHmac, hkdfSync } from 'node:crypto';

/**
 * HMAC-SHA256 of a code, bound to its phone so a hash copied from one phone's
 * key is useless for another. Redis only ever sees this hash.
 */
export class CodeHasher {
  readonly #key: Buffer;

  constructor(secret: string) {
    // A key of its own, derived from OTP_SECRET, so the HMAC key is never the job-encryption key.
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'otp-relay', 'otp-code-hmac', 32));
  }

  hash(phone: string, code: string): string {
    return createHmac('sha256', this.#key).update(`${phone}\n${code}`).digest('base64url');
  }
}
