/**
 * Where one send request stands, in the order a record moves through them. The
 * record only ever moves to a later rank; the four of the last rank are final.
 * Defined once: the records, the status API's schema and lua/transition-1.lua
 * (which receives each step's rank from here) all read this table.
 */
export const DELIVERY_STATUS_RANKS = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  skipped: 3,
} as const;

export type DeliveryStatus = keyof typeof DELIVERY_STATUS_RANKS;

export const DELIVERY_STATUSES = Object.keys(DELIVERY_STATUS_RANKS) as DeliveryStatus[];

/** A step that may be entered again at the same rank: each new attempt is "sending" again. */
export const REPEATABLE_STATUSES: ReadonlySet<DeliveryStatus> = new Set(['sending']);

/** What one attempt at a provider came to. */
export const ATTEMPT_OUTCOMES = ['sent', 'retry', 'failed'] as const;

export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
