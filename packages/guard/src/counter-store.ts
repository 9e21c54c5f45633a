/** One fixed-window counter a send must fit under. */
export interface CounterSpec {
  /** Key without the deployment prefix; its `{…}` hash tag names what is counted. */
  key: string;
  limit: number;
  windowMs: number;
}

export interface CounterOutcome {
  /** Whether this send was counted (the counter was below its limit). */
  counted: boolean;
  /** The count after this send, or the count that refused it. */
  count: number;
  /** Time until the window ends. */
  ttlMs: number;
}

/**
 * Where the guard's counters live. Small on purpose: count-if-below-limit and
 * give-back are all the guard needs, and both must be atomic per counter.
 */
export interface CounterStore {
  /** Tries to count one send on each counter; outcomes are in the same order. */
  reserve(counters: readonly CounterSpec[]): Promise<CounterOutcome[]>;
  /** Gives back sends counted by `reserve` that did not go out after all. */
  release(keys: readonly string[]): Promise<void>;
}
