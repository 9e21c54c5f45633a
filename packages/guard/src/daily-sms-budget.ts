import type { Logger, Metrics } from '@otp/observability';
import type { CounterOutcome, CounterSpec } from './counter-store.js';
import type { SendContext, SendRule } from './send-rule.js';

const DAY_MS = 86_400_000;

/**
 * The deployment's SMS budget per UTC day: the last line against runaway cost.
 * It counts queued sends (one per accepted send-otp), not provider retries.
 * Verification never touches it, so users holding a code can still sign in.
 */
export class DailySmsBudget implements SendRule {
  readonly name = 'budget';
  readonly code = 'SMS_BUDGET_EXHAUSTED' as const;
  readonly #limit: number;
  readonly #metrics: Metrics;
  readonly #logger: Logger;
  /** The UTC day this process last reported exhaustion for, so the error line fires once per day. */
  #reportedDay: string | undefined;

  constructor(limit: number, deps: { metrics: Metrics; logger: Logger }) {
    this.#limit = limit;
    this.#metrics = deps.metrics;
    this.#logger = deps.logger;
    this.#metrics.smsBudgetLimit.set(limit);
  }

  counter(send: SendContext): CounterSpec {
    // The day is in the key, so tomorrow starts from zero even if a TTL was missed.
    return { key: `guard:{budget}:${utcDay(send.now)}`, limit: this.#limit, windowMs: DAY_MS - (send.now % DAY_MS) };
  }

  observe(outcome: CounterOutcome, send: SendContext): void {
    const exhausted = !outcome.counted || outcome.count >= this.#limit;
    this.#metrics.smsBudgetUsed.set(outcome.count);
    this.#metrics.smsBudgetExhausted.set(exhausted ? 1 : 0);
    const day = utcDay(send.now);
    if (!exhausted || this.#reportedDay === day) return;
    this.#reportedDay = day;
    this.#logger.error(
      { budget: this.#limit, used: outcome.count, resetInSeconds: Math.ceil(outcome.ttlMs / 1000) },
      'daily SMS budget reached: sends are refused until it resets; verification keeps working',
    );
  }
}

function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
