import type { Metrics } from '@otp/observability';
import type { SmsCharge } from '@otp/queue';
import type { GuardStore } from './guard-store.js';
import { BUDGET_UNIT } from './sms-prices.js';

/** The send job, as far as its budget is concerned. */
export interface ChargedSend {
  country: string;
  /** Absent on jobs queued before budgets counted attempts: those are left alone. */
  charge?: SmsCharge | undefined;
}

/**
 * The worker's side of the daily budgets: they count billable provider attempts, not
 * queued jobs. The API's admission counted the first attempt; this counts each later
 * attempt that reaches a provider (a retry, a failover), on the day it is made, and
 * gives the first back when the job ends without ever reaching one. It never refuses:
 * the send was accepted, so retries may push a budget past its limit, and that budget
 * then refuses new sends of the same class until the day ends.
 */
export class BudgetLedger {
  readonly #store: GuardStore;
  readonly #metrics: Metrics;

  constructor(store: GuardStore, metrics: Metrics) {
    this.#store = store;
    this.#metrics = metrics;
  }

  /** Attempt number `attempt` (1 for the first) of `send` is about to reach `provider`. */
  async attempted(send: ChargedSend, attempt: number, provider: string): Promise<void> {
    const { charge } = send;
    if (!charge) return;
    this.#metrics.smsSpendUnits.inc({ provider, country: send.country }, charge.units / BUDGET_UNIT);
    if (attempt > 1) await this.#store.charge(Date.now(), charge.units, charge.trusted, charge.budgets);
  }

  /** The send ends before its first attempt reached a provider (its code was no longer live): nothing was billed. */
  async unused(send: ChargedSend): Promise<void> {
    const { charge } = send;
    if (charge) await this.#store.charge(charge.at, -charge.units, charge.trusted, charge.budgets);
  }
}
