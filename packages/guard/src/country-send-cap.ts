import type { CounterSpec } from './counter-store.js';
import type { SendContext, SendRule } from './send-rule.js';

/** Sends per hour to one destination country: pumping concentrates on a few expensive countries. */
export class CountrySendCap implements SendRule {
  readonly name = 'country';
  readonly code = 'COUNTRY_SEND_LIMIT' as const;
  readonly #perHour: number;
  readonly #perCountry: Readonly<Record<string, number>>;

  /** @param perCountry overrides of `perHour` by ISO country (SMS_COUNTRY_HOURLY_LIMITS). */
  constructor(perHour: number, perCountry: Readonly<Record<string, number>> = {}) {
    this.#perHour = perHour;
    this.#perCountry = perCountry;
  }

  counter(send: SendContext): CounterSpec {
    return {
      key: `guard:{country:${send.country}}:hour`,
      limit: this.#perCountry[send.country] ?? this.#perHour,
      windowMs: 3_600_000,
    };
  }
}
