import type { CounterSpec, SendContext, SendRule } from './send-rule.js';

/**
 * Sends per hour to one destination country: pumping concentrates on a few expensive
 * countries, and an hourly cap well under the daily budget acts before the budget is
 * gone. Trusted phones keep a share of it, so a flood of strangers cannot close a country.
 */
export class CountrySendCap implements SendRule {
  readonly name = 'country';
  readonly code = 'COUNTRY_SEND_LIMIT' as const;
  readonly #perHour: number;
  readonly #perCountry: Readonly<Record<string, number>>;
  readonly #trustedReserve: number;

  /** @param perCountry overrides of `perHour` by ISO country (SMS_COUNTRY_HOURLY_LIMITS). */
  constructor(perHour: number, perCountry: Readonly<Record<string, number>> = {}, trustedReserve = 0) {
    this.#perHour = perHour;
    this.#perCountry = perCountry;
    this.#trustedReserve = trustedReserve;
  }

  counter(send: SendContext): CounterSpec {
    const limit = this.#perCountry[send.country] ?? this.#perHour;
    return { window: 'hour', windowMs: 3_600_000, field: send.country, limit, trustedReserve: this.#trustedReserve, cost: 1, scale: 1 };
  }
}
