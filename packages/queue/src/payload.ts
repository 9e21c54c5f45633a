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
}

/** The part of a job only the worker may read. */
export interface SealedSecret {
  phone: string;
  otp: string;
}
