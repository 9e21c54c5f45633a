/**
 * Redis key names for one phone. The phone is the hash tag (`{+9198…}`), so every
 * key of one phone lands in one Redis Cluster slot and multi-key scripts stay valid.
 */
export class OtpKeys {
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  code(phone: string): string {
    return `${this.#prefix}otp:{${phone}}:code`;
  }

  cooldown(phone: string): string {
    return `${this.#prefix}otp:{${phone}}:cooldown`;
  }

  /** Sends in the current per-phone window. */
  sends(phone: string): string {
    return `${this.#prefix}otp:{${phone}}:sends`;
  }

  /** Sends in the current 24 hours. */
  dailySends(phone: string): string {
    return `${this.#prefix}otp:{${phone}}:sends:day`;
  }

  /** Codes killed by wrong guesses in the lockout window. */
  deadCodes(phone: string): string {
    return `${this.#prefix}otp:{${phone}}:dead`;
  }

  /** Present while the phone is locked out. */
  lock(phone: string): string {
    return `${this.#prefix}otp:{${phone}}:lock`;
  }
}
