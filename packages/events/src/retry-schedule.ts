const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The delay before each retry of a webhook delivery: quick at first for blips,
 * then hours apart, for 27 h 35 min in all, so a receiver down for a day still
 * gets every event. Seven retries: eight attempts.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/**
 * Delays with a tenth of jitter either way, so events that failed together
 * against one receiver do not all come back to it in the same second.
 */
export class RetrySchedule {
  readonly #delays: readonly number[];
  readonly #random: () => number;

  constructor(delays: readonly number[] = DEFAULT_RETRY_SCHEDULE_MS, random: () => number = Math.random) {
    this.#delays = delays;
    this.#random = random;
  }

  /** Attempts in all, the first included: what each job is queued with. */
  get attempts(): number {
    return this.#delays.length + 1;
  }

  /** The delay before retry `retry` (1 = the second attempt). */
  delayMs(retry: number): number {
    const base = this.#delays[Math.min(retry, this.#delays.length) - 1] ?? 0;
    return Math.round(base * (0.9 + this.#random() * 0.2));
  }
}
