/**
 * Budgets are counted in millionths of a budget unit, so integer Redis counters can
 * hold prices such as 0.0075. A budget unit is one SMS, or one unit of the currency
 * of SMS_PRICES when prices are set.
 */
export const BUDGET_UNIT = 1_000_000;

export function toBudgetUnits(amount: number): number {
  return Math.round(amount * BUDGET_UNIT);
}

/** What one SMS attempt to a country costs the budgets: its price (SMS_PRICES, `*` for the rest), or one SMS. */
export class SmsPrices {
  readonly #prices: Readonly<Record<string, number>> | null;

  /** @param prices price per attempt by ISO country, with `*` for every other; null counts SMS. */
  constructor(prices: Readonly<Record<string, number>> | null) {
    this.#prices = prices;
  }

  get inMoney(): boolean {
    return this.#prices !== null;
  }

  unitsFor(country: string): number {
    if (!this.#prices) return BUDGET_UNIT;
    return toBudgetUnits(this.#prices[country] ?? this.#prices['*'] ?? 0);
  }
}
