import type { ConversionBucket } from './conversion-buckets.js';
import type { BucketCounts, ConversionRule } from './conversion-rule.js';
import type { CounterReading, CounterSpec } from './send-rule.js';

/** How the conversion rule treats a send: refuse when over, only report when over, or not judge it (a valid CAPTCHA). */
export type Judgement = 'enforce' | 'record' | 'exempt';

/** Everything one send is checked and counted against. */
export interface AdmissionRequest {
  now: number;
  app: string;
  /** The phone's pseudonym for this app (PhonePseudonyms): the guard never stores the number. */
  phoneId: string;
  /** Names the send's context, so a verification can credit exactly this send. */
  requestId: string;
  /** Checked in this order; the first that refuses is reported. */
  counters: readonly CounterSpec[];
  buckets: readonly ConversionBucket[];
  judgement: Judgement;
  rule: ConversionRule;
  /** How long the send can still be verified: the code's lifetime. */
  contextTtlMs: number;
}

export interface BucketState extends BucketCounts {
  /** Whether one more send would break the conversion rule. */
  over: boolean;
}

export type AdmissionResult =
  /** Counted everywhere (`buckets` as they were before this send), or throttled by the conversion rule and counted nowhere. */
  | { status: 'counted' | 'throttled'; trusted: boolean; readings: CounterReading[]; buckets: BucketState[] }
  /** Refused by `counters[refusedBy]` and counted nowhere. */
  | { status: 'refused'; trusted: boolean; refusedBy: number; readings: CounterReading[] };

export interface VerifiedSend {
  now: number;
  app: string;
  /** As in AdmissionRequest. */
  phoneId: string;
  /** The verified code's request id, when known: only that send is then credited. */
  requestId?: string | undefined;
  /** How long the phone stays trusted from now. */
  trustedForMs: number;
}

/**
 * Where the guard's state lives. Small on purpose, as @fastify/rate-limit's stores
 * are: the guard decides what to count and what the answers mean; the store only
 * makes each operation atomic.
 */
export interface GuardStore {
  /** Checks the send against every counter and bucket and, when it passes (or is only recorded), counts it everywhere. */
  admit(request: AdmissionRequest): Promise<AdmissionResult>;
  /** Gives back what `admit` counted for `request`, in the windows it counted it in. */
  release(request: AdmissionRequest, trusted: boolean): Promise<void>;
  /** Trusts the phone and credits its pending send's buckets; resolves with the number of buckets credited. */
  verified(send: VerifiedSend): Promise<number>;
  /** Counts `units` (negative: gives back) on the budgets named `fields` for the day of `at`, without ever refusing. */
  charge(at: number, units: number, trusted: boolean, fields: readonly string[]): Promise<void>;
}
