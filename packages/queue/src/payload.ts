/**
 * What a send job carries. Bull Board shows job data to operators, so only the
 * `sealed` field holds the phone and the code, encrypted; the rest is safe to show.
 */
export interface SmsJobData {
  /** Payload format version, so a rolling deploy can tell old jobs from new. */
  v: 1;
  requestId: string;
  /** For operators: e.g. `+91******3210`. */
  phoneMasked: string;
  /** ISO country of the destination, for routing and metrics. */
  country: string;
  /** Epoch ms after which the code is dead and the job must send nothing. */
  expiresAt: number;
  /** `SealedSecret`, AES-256-GCM encrypted. See PayloadSealer. */
  sealed: string;
  /**
   * The app whose code this is (its API_KEYS name, or the implicit app when the API runs
   * without keys): the worker checks that app's code and uses its message template.
   * Jobs queued before codes were kept per app lack it; their codes sit under keys this
   * version never reads, so they are skipped like any job whose code is gone.
   */
  app: string;
  /**
   * Written by the worker when an attempt fails and another follows: where it
   * failed and whose fault it was (for failover), and the delay it planned
   * (read back by the worker's backoff strategy).
   */
  retry?: { provider: string; fault: 'recipient' | 'provider'; delayMs: number };
  /** How the API counted the send on the daily budgets, so the worker counts its later attempts the same way. */
  charge?: SmsCharge;
}

/**
 * What one attempt of a send costs the daily budgets. The API counts the first
 * attempt when it admits the send; the worker counts each later one that reaches a
 * provider, and gives the first back when none did.
 */
export interface SmsCharge {
  /** When the API counted the send, epoch ms: the budget day a give-back belongs to. */
  at: number;
  /** Counted on the trusted-phone reserve. */
  trusted: boolean;
  /** Millionths of a budget unit (one SMS, or one unit of the SMS_PRICES currency). */
  units: number;
  /** The budgets it was counted on (the guard's names for them), and later attempts count on. */
  budgets: string[];
}

/** The part of a job only the worker may read. */
export interface SealedSecret {
  phone: string;
  otp: string;
}
