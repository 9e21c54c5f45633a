/**
 * One event on its way to an app's webhook. The body is stored as the exact
 * bytes every attempt sends and signs, so a retry a day later is the same
 * message; the endpoint and its secret are looked up at each attempt, so a
 * rotated secret applies to events already queued and no secret sits in Redis.
 */
export interface EventJobData {
  v: 1;
  /** Stable across retries and duplicate publishes: the `webhook-id` receivers deduplicate by. */
  eventId: string;
  /** The app whose webhook receives it (its APP_SETTINGS name). */
  app: string;
  /** e.g. `otp.delivered`, for logs and metrics. */
  type: string;
  /** The JSON payload. It carries a masked phone and never the code. */
  body: string;
}

/** A code's expiry, scheduled as a delayed job when the code is issued. */
export interface ExpiryCheckJobData {
  v: 1;
  requestId: string;
  app: string;
  channel: string;
  /** For operators: e.g. `+91******3210`. */
  phoneMasked: string;
  /** Epoch ms when the code dies; the job is delayed until then. */
  expiresAt: number;
  /** `{phone}`, sealed by PayloadSealer with `expiry:<requestId>` as associated data: the check needs the phone's keys. */
  sealed: string;
}
