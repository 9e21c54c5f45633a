import type { CounterSpec, SendContext, SendRule } from './send-rule.js';

export interface PrefixThrottleOptions {
  /** Sends per window to one range. Default 10. */
  limit: number;
  /** Default 600. */
  windowSeconds: number;
  /** Trailing digits that vary within a range: 3 makes +9198765432xxx… a range of 1000 numbers. Default 3. */
  rangeDigits: number;
}

/**
 * Sends per window to one number range. SMS pumping walks sequential numbers in a
 * range the fraudster controls; real users are spread thinly over every range.
 */
export class PrefixThrottle implements SendRule {
  readonly name = 'prefix';
  readonly code = 'PREFIX_THROTTLED' as const;
  readonly #options: PrefixThrottleOptions;

  constructor(options: PrefixThrottleOptions) {
    this.#options = options;
  }

  /** The range a number belongs to: the number without its last `rangeDigits` digits. */
  range(phone: string): string {
    return phone.slice(0, -this.#options.rangeDigits);
  }

  counter(send: SendContext): CounterSpec {
    return {
      window: 'range',
      windowMs: this.#options.windowSeconds * 1000,
      field: this.range(send.phone),
      limit: this.#options.limit,
      trustedReserve: 0,
      cost: 1,
      scale: 1,
    };
  }
}
