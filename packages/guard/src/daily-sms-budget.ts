import type { Logger, Metrics } from '@otp/observability';
import { BUDGET_UNIT, toBudgetUnits } from './sms-prices.js';
import { strangerLimit, type CounterReading, type CounterSpec, type SendContext, type SendRule } from './send-rule.js';
import { DAY_MS, windowAt } from './time-window.js';

/** The deployment's budget, or every app's own. */
export type BudgetScope = 'global' | 'app';

/** The field of the day's counters a budget counts on; the worker counts its retries on the same ones. */
export function budgetField(scope: BudgetScope, app: string): string {
  return scope === 'global' ? 'all' : `app:${app}`;
}

export interface DailySmsBudgetOptions {
  scope: BudgetScope;
  /** In SMS, or money with SMS_PRICES; for the app scope, every app's budget unless `perApp` names it. Undefined: no budget. */
  limit: number | undefined;
  /** App scope: budgets by app (APP_SETTINGS dailyBudget). */
  perApp?: Readonly<Record<string, number>>;
  /** Share kept for trusted phones (GUARD_TRUSTED_RESERVE_PERCENT / 100). */
  trustedReserve: number;
}

/**
 * A budget per UTC day, of the deployment or of each app: the last line against
 * runaway cost. It counts billable provider attempts: the API counts the first when
 * it admits a send, the worker every retry and failover that reaches a provider
 * (BudgetLedger). Verification never touches it, so users holding a code can still
 * sign in, and trusted phones keep a reserve strangers cannot spend.
 */
export class DailySmsBudget implements SendRule {
  readonly name: string;
  readonly code: 'SMS_BUDGET_EXHAUSTED' | 'APP_BUDGET_EXHAUSTED';
  readonly #options: DailySmsBudgetOptions;
  readonly #metrics: Metrics;
  readonly #logger: Logger;
  /** The UTC day this process last reported each budget's exhaustion for, so the error line fires once per day. */
  readonly #reported = new Map<string, string>();

  constructor(options: DailySmsBudgetOptions, deps: { metrics: Metrics; logger: Logger }) {
    this.#options = options;
    this.name = options.scope === 'global' ? 'budget' : 'app_budget';
    this.code = options.scope === 'global' ? 'SMS_BUDGET_EXHAUSTED' : 'APP_BUDGET_EXHAUSTED';
    this.#metrics = deps.metrics;
    this.#logger = deps.logger;
    // Known from the start, so an alert can divide by it before the first send of the day.
    if (options.scope === 'global' && options.limit !== undefined) this.#metrics.smsBudgetLimit.set({ budget: 'global' }, options.limit);
  }

  counter(send: SendContext): CounterSpec | undefined {
    const { scope, perApp, limit } = this.#options;
    const budget = (scope === 'app' ? perApp?.[send.app] : undefined) ?? limit;
    if (budget === undefined) return undefined;
    return {
      window: 'day',
      windowMs: DAY_MS,
      field: budgetField(scope, send.app),
      limit: toBudgetUnits(budget),
      trustedReserve: this.#options.trustedReserve,
      cost: send.units,
      scale: BUDGET_UNIT,
    };
  }

  observe(reading: CounterReading, spec: CounterSpec, send: SendContext): void {
    const budget = this.#options.scope === 'global' ? 'global' : send.app;
    this.#metrics.smsBudgetUsed.set({ budget }, reading.used / BUDGET_UNIT);
    this.#metrics.smsBudgetLimit.set({ budget }, spec.limit / BUDGET_UNIT);
    const strangersOut = reading.used >= spec.limit || reading.used - reading.byTrusted >= strangerLimit(spec);
    const trustedOut = reading.used >= spec.limit && reading.byTrusted >= spec.limit - strangerLimit(spec);
    this.#metrics.smsBudgetExhausted.set({ budget, class: 'strangers' }, strangersOut ? 1 : 0);
    this.#metrics.smsBudgetExhausted.set({ budget, class: 'trusted' }, trustedOut ? 1 : 0);
    const day = windowAt(send.now, DAY_MS);
    if (!strangersOut || this.#reported.get(budget) === day.label) return;
    this.#reported.set(budget, day.label);
    this.#logger.error(
      { budget, limit: spec.limit / BUDGET_UNIT, used: reading.used / BUDGET_UNIT, resetInSeconds: Math.ceil((day.end - send.now) / 1000) },
      'daily SMS budget reached for strangers: only trusted phones get codes until it resets; verification keeps working',
    );
  }
}
