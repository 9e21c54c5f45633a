import { randomBytes } from 'node:crypto';
import type { RedisNamespace } from '@otp/testkit';

/**
 * Every knob of `npm run drills`, in one place. Service settings are environment
 * variables for the spawned API and worker; variables a build does not know yet
 * are ignored by its config loader, so the settings of features still being built
 * (retries, abuse limits) can be set here before they land.
 */
export const DRILLS = {
  crash: { sends: 1_000, providerLatencyMs: 50, concurrency: 10, killAfterDelivered: 300 },
  graceful: { sends: 300, providerLatencyMs: 50, concurrency: 10, stopAfterDelivered: 100 },
  /** "Within 1 s" for a 503 while Redis is gone; recovery is awaited this long. */
  redis: { answerWithinMs: 1_000, recoverWithinMs: 15_000 },
  outage: {
    outageMs: 30_000,
    /** Codes asked for as the outage starts: dead before it ends. */
    earlySends: 10,
    /** Codes asked for late in the outage: still valid when it ends. */
    lateSends: 10,
    lateSendAtMs: 20_000,
    /** How long after the outage the drill waits for every job to finish. */
    settleMs: 40_000,
  },
  malformed: { requests: 2_000, concurrency: 20 },
} as const;

/** The shortest code lifetime the config allows, so "expired" happens inside the drill. */
export const SHORT_TTL_SECONDS = 30;

/**
 * Retry settings for the provider-outage drill. SMS_MAX_ATTEMPTS and
 * SMS_RETRY_BACKOFF_MS are the names retries are expected to use; a build
 * without retries ignores them, and the drill reports that.
 */
export const RETRY_ENV = { SMS_MAX_ATTEMPTS: '12', SMS_RETRY_BACKOFF_MS: '1000' } as const;

/**
 * Stall detection for the worker drills: a killed worker's jobs return after at
 * most the lock duration plus one interval, instead of BullMQ's 30 s + 30 s.
 */
export const STALL_ENV = { WORKER_LOCK_DURATION_MS: '5000', WORKER_STALLED_INTERVAL_MS: '2000' } as const;

export const API_KEY_HEADER = 'x-api-key';

/** Environment shared by a drill's API and worker: its namespace, a fixed secret, limits raised. */
export function drillEnv(ns: RedisNamespace, apiKey: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...ns.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    OTP_SECRET: randomBytes(32).toString('base64url'),
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    RATE_LIMIT_MAX: '100000000',
    PHONE_SENDS_PER_HOUR: '1000000',
    PHONE_SENDS_PER_DAY: '1000000',
    SMS_DAILY_BUDGET: '100000000',
    COUNTRY_SENDS_PER_HOUR: '100000000',
    PREFIX_SENDS_PER_MINUTE: '100000000',
    APP_SENDS_PER_MINUTE: '100000000',
    API_KEYS: apiKey,
    ...extra,
  };
}

export function drillApiKey(): string {
  return `drill_${randomBytes(24).toString('base64url')}`;
}
