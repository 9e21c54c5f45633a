import type { ErrorCode } from '@otp/errors';
import type { CounterOutcome, CounterSpec } from './counter-store.js';

/** What the guard knows about one send when it counts it. */
export interface SendContext {
  /** E.164 destination. */
  phone: string;
  /** ISO country of the destination. */
  country: string;
  /** The calling app, or undefined when the API runs without keys. */
  app: string | undefined;
  /** Epoch ms. */
  now: number;
}

/** One global limit on sends, kept as a shared counter. */
export interface SendRule {
  /** The `rule` label of the guard_rejections_total metric. */
  readonly name: string;
  /** The error a refused send answers with. */
  readonly code: ErrorCode;
  counter(send: SendContext): CounterSpec;
  /** Sees every outcome of this rule's counter, for rules that report on their state. */
  observe?(outcome: CounterOutcome, send: SendContext): void;
}
