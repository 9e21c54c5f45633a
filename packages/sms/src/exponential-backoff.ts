export interface ExponentialBackoffOptions {
  /** Delay before the first retry, before jitter. Default 2 000 ms. */
  baseDelayMs?: number;
  /** Cap on any delay. Default 60 000 ms. */
  maxDelayMs?: number;
  /** Source of randomness in [0, 1); tests may pin it. Default Math.random. */
  random?: () => number;
}

/**
 * Retry delays that double per attempt, with "equal jitter": each delay is drawn
 * from [d/2, d) where d = base × 2^(retry-1), capped. Half of each delay is
 * random so workers that failed together do not retry together, and the other
 * half keeps the delays growing from one retry to the next.
 */
export class ExponentialBackoff {
  readonly #base: number;
  readonly #max: number;
  readonly #random: () => number;

  constructor(options: ExponentialBackoffOptions = {}) {
    this.#base = options.baseDelayMs ?? 2000;
    this.#max = options.maxDelayMs ?? 60_000;
    this.#random = options.random ?? Math.random;
  }

  /** The delay before retry number `retry` (1 = the second attempt). */
  delayMs(retry: number): number {
    const ceiling = Math.min(this.#max, this.#base * 2 ** Math.max(0, retry - 1));
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
  }
}
