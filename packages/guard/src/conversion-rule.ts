import { DAY_MS, windowAt } from './time-window.js';

/** Conversion is counted per UTC day; the day before still counts, weighted by how much of it the last 24 hours overlap. */
export const CONVERSION_WINDOW_MS = DAY_MS;

/**
 * Unverified sends each verified send pays for. At 1, a bucket converting at 50% or
 * more is never throttled in steady traffic, which leaves a margin under the promised
 * 60% for verifications that arrive minutes after their send (docs/SECURITY.md).
 */
export const CREDIT_PER_VERIFIED = 1;

export interface ConversionRule {
  /** Unverified sends any bucket may have in its last 24 hours beyond what its verified sends pay for (GUARD_ALLOWANCE). */
  allowance: number;
  creditPerVerified: number;
}

/** One bucket's sends and verified sends in the current and the previous UTC day. */
export interface BucketCounts {
  sent: number;
  verified: number;
  previousSent: number;
  previousVerified: number;
}

/** How much of the previous day falls inside the last 24 hours. */
export function previousDayWeight(now: number): number {
  return 1 - (now - windowAt(now, CONVERSION_WINDOW_MS).start) / CONVERSION_WINDOW_MS;
}

/**
 * The rule, as lua/admit-8.lua applies it: with S sends and V verified in the last
 * 24 hours, one more send is let through while  S + 1 - V <= allowance + credit * V,
 * i.e. unverified sends, this one included, stay within the allowance plus what the
 * verified ones pay for. This is that left side minus the credit, per bucket.
 */
export function excessAfterSend(counts: BucketCounts, weight: number, rule: ConversionRule): number {
  const paid = 1 + rule.creditPerVerified;
  return weight * (counts.previousSent - paid * counts.previousVerified) + (counts.sent - paid * counts.verified) + 1;
}

/**
 * When a throttled bucket lets a send through again if nothing else happens: the
 * previous day's weight shrinks as time passes, and at midnight today becomes the
 * previous day. Every verified send in the bucket reopens it sooner.
 */
export function reopensInMs(counts: BucketCounts, now: number, rule: ConversionRule): number {
  const previous = excessAfterSend({ ...counts, sent: 0, verified: 0 }, 1, rule) - 1;
  const current = excessAfterSend({ ...counts, previousSent: 0, previousVerified: 0 }, 0, rule) - 1;
  const room = rule.allowance - current - 1;
  const weight = previousDayWeight(now);
  if (room >= 0) {
    if (previous <= 0 || weight * previous <= room) return 0;
    return (weight - room / previous) * CONVERSION_WINDOW_MS;
  }
  const untilMidnight = windowAt(now, CONVERSION_WINDOW_MS).end - now;
  return untilMidnight + (1 - (rule.allowance - 1) / current) * CONVERSION_WINDOW_MS;
}
