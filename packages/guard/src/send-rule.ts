import type { ErrorCode } from '@otp/errors';

/** What the guard knows about one send when it counts it. */
export interface SendContext {
  /** E.164 destination. */
  phone: string;
  /** ISO country of the destination. */
  country: string;
  /** The calling app (`default` when the API runs without keys: every caller then shares one app). */
  app: string;
  /** What one attempt of this SMS costs the budgets, in budget units (see budget-units.ts). */
  units: number;
  /** Epoch ms. */
  now: number;
}

/** The fixed windows counters live in; each has one Redis hash per window. `day` is the budgets', which the worker counts on too. */
export type CounterWindow = 'minute' | 'hour' | 'range' | 'day';

/** One fixed-window limit a send must fit under. */
export interface CounterSpec {
  window: CounterWindow;
  windowMs: number;
  /** What is counted within the window's hash: an app, a country, a range, a budget. */
  field: string;
  /** Units the window may count. */
  limit: number;
  /** Share of the limit (0..1) that only trusted phones may use, so strangers cannot fill it all. */
  trustedReserve: number;
  /** Units this send counts. */
  cost: number;
  /** Units per unit shown to clients (RateLimit-Limit) and in metrics: 1, or BUDGET_UNIT for budgets. */
  scale: number;
}

/** A counter as one send left it: units counted (this send included when it was let through) and their trusted part. */
export interface CounterReading {
  used: number;
  byTrusted: number;
}

/** One global limit on sends, kept as a shared fixed-window counter. */
export interface SendRule {
  /** The `rule` label of the guard_rejections_total metric. */
  readonly name: string;
  /** The error a refused send answers with. */
  readonly code: ErrorCode;
  /** The counter this send must fit under, or undefined when the rule does not limit it (an app without a budget). */
  counter(send: SendContext): CounterSpec | undefined;
  /** Sees the counter after every decision, for rules that report on their state. */
  observe?(reading: CounterReading, spec: CounterSpec, send: SendContext): void;
}

/** The units strangers may count: the limit without the trusted reserve. */
export function strangerLimit(spec: CounterSpec): number {
  return Math.floor(spec.limit * (1 - spec.trustedReserve));
}
