import type { AttemptOutcome, DeliveryStatus } from './delivery-status.js';

export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  provider: string;
  startedAt: number;
  latencyMs: number;
  outcome: AttemptOutcome;
  /** The provider's error code (e.g. Twilio `21211`), `timeout` or `network`. */
  errorCode?: string;
  /** For `retry`: the planned delay before the next attempt. */
  retryInMs?: number;
}

/** The record the status API shows. Never holds the code; the phone is masked. */
export interface DeliveryRecord {
  requestId: string;
  /** The app that sent it; only that app may read the record. Absent on records written before records were kept per app. */
  app?: string;
  status: DeliveryStatus;
  phone: string;
  country: string;
  /** Epoch ms of each step reached. */
  timestamps: Partial<Record<DeliveryStatus, number>>;
  /** The provider of the latest attempt. */
  provider?: string;
  providerMessageId?: string;
  /** The error code behind `failed` or `undelivered`. */
  errorCode?: string;
  /** Why it failed or was skipped, in words, e.g. `retries_exhausted`. */
  reason?: string;
  attempts: DeliveryAttempt[];
}
