import { randomBytes } from 'node:crypto';
import type { RedisNamespace } from '@otp/testkit';
import { RAISED_ABUSE_LIMITS, STAND_IN_PROVIDER, apiKeysEnv, metricsTokenEnv } from '../bench/settings.js';

/**
 * Every knob of `npm run drills`, in one place. Service settings are environment
 * variables for the spawned API and worker.
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
 * Retry settings for the provider-outage drill: with delays capped at 4 s (each
 * drawn from 2–4 s once capped), 20 attempts keep retrying for at least 40 s,
 * longer than the 30 s outage.
 */
export const RETRY_ENV = { SMS_MAX_ATTEMPTS: '20', SMS_RETRY_BASE_DELAY_MS: '1000', SMS_RETRY_MAX_DELAY_MS: '4000' } as const;

/**
 * Stall detection for the worker drills: a killed worker's jobs return after at
 * most the lock duration plus one interval, instead of BullMQ's 30 s + 30 s.
 */
export const STALL_ENV = { WORKER_LOCK_DURATION_MS: '5000', WORKER_STALLED_INTERVAL_MS: '2000' } as const;

export { API_KEY_HEADER } from '../bench/settings.js';

/** Environment shared by a drill's API and worker: its namespace, a fixed secret, limits raised. */
export function drillEnv(ns: RedisNamespace, apiKey: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...ns.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    OTP_SECRET: randomBytes(32).toString('base64url'),
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    ...RAISED_ABUSE_LIMITS,
    ...STAND_IN_PROVIDER,
    ...apiKeysEnv('drills', apiKey),
    ...metricsTokenEnv(),
    ...extra,
  };
}

export function drillApiKey(): string {
  return `drill_${randomBytes(24).toString('base64url')}`;
}
