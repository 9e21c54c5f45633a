import { createHash, randomBytes } from 'node:crypto';

/**
 * Every knob of `npm run bench`, in one place. The service's own settings for a
 * run are plain environment variables handed to the spawned processes; variables
 * a build does not know yet are ignored by its config loader, so the abuse limits
 * of later features can be raised here before they exist.
 */
export const BENCH = {
  /** HTTP rows: autocannon connections and seconds per row (after an unmeasured warm-up). */
  connections: 50,
  durationSeconds: 10,
  warmupSeconds: 2,
  /** Rows are measured this many times, interleaved; the table keeps each row's best round. */
  rounds: 2,
  /** Worker rows. */
  workerJobs: 20_000,
  workerConcurrency: 50,
  slowProvider: { latencyMs: 100, concurrency: 100, jobs: 5_000 },
  /** Isolation row: a provider that takes 2 s and fails 30% of calls. */
  flakyProvider: { latencyMs: 2_000, failureRate: 0.3, concurrency: 100 },
  /** verify-otp mix: per phone, this many wrong codes before the right one. */
  wrongCodesPerPhone: 3,
  verifyPhones: 40_000,
} as const;

/** The figures each row is judged against (ratios from one run; see docs/BENCHMARKS.md). */
export const TARGETS = {
  sendShareOfBaseline: 0.25,
  sendP99Ms: 25,
  verifyShareOfBaseline: 0.35,
  workerShareOfBareBullmq: 0.7,
  slowProviderShareOfIdeal: 0.9,
  isolationP99Ratio: 1.2,
  apiRssMb: 120,
} as const;

/** The app the bench's API key belongs to: its codes are the ones the verify row checks and the worker rows send. */
export const BENCH_APP = 'bench';

/** Header the API reads API keys from. */
export const API_KEY_HEADER = 'x-api-key';

/**
 * Every abuse limit at its maximum, so the bench and the drills measure the request
 * path, not the limits. The guards still run: each send pays their Redis round trip.
 */
export const RAISED_ABUSE_LIMITS = {
  RATE_LIMIT_MAX: '1000000',
  PHONE_SEND_LIMIT: '1000',
  PHONE_DAILY_SEND_LIMIT: '10000',
  PHONE_GLOBAL_DAILY_SEND_LIMIT: '10000',
  SMS_DAILY_BUDGET: '100000000',
  SMS_COUNTRY_HOURLY_LIMIT: '100000000',
  PREFIX_THROTTLE_LIMIT: '1000000',
  APP_SENDS_PER_MINUTE: '1000000',
  // Bench codes are rarely verified: without this the conversion rule would throttle them.
  GUARD_ALLOWANCE: '1000000000',
} as const;

/**
 * Production refuses the development provider, so the processes are configured for
 * MSG91; the bench's and drills' own fake provider stands in for it in every worker,
 * and nothing ever reaches MSG91 (these credentials are not real).
 */
export const STAND_IN_PROVIDER = {
  SMS_PROVIDER: 'msg91',
  MSG91_AUTH_KEY: 'not-a-real-key-the-fake-provider-stands-in',
  MSG91_TEMPLATE_ID: 'not-a-real-template',
} as const;

/** Production refuses an open /metrics; nothing here scrapes it, so a fresh random token keeps it closed. */
export function metricsTokenEnv(): { METRICS_TOKEN: string } {
  return { METRICS_TOKEN: randomBytes(24).toString('base64url') };
}

/** API_KEYS holds the SHA-256 of a key, never the key itself. */
export function apiKeysEnv(app: string, apiKey: string): { API_KEYS: string } {
  return { API_KEYS: `${app}:${createHash('sha256').update(apiKey).digest('hex')}` };
}

export interface BenchRun {
  id: string;
  keyPrefix: string;
  queuePrefix: string;
  otpSecret: string;
  apiKey: string;
  env: Record<string, string>;
}

/** A fresh slice of the bench's Redis (`redisUrl`) and the environment every spawned process of this run shares. */
export function benchRun(redisUrl: string): BenchRun {
  const id = `bench${randomBytes(4).toString('hex')}`;
  const keyPrefix = `${id}:`;
  const queuePrefix = `{${id}}`;
  const otpSecret = randomBytes(32).toString('base64url');
  const apiKey = `bench_${randomBytes(24).toString('base64url')}`;
  return {
    id,
    keyPrefix,
    queuePrefix,
    otpSecret,
    apiKey,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: keyPrefix,
      QUEUE_PREFIX: queuePrefix,
      OTP_SECRET: otpSecret,
      // Every phone is fresh, but the cooldown would still refuse the rare repeat.
      OTP_RESEND_COOLDOWN_SECONDS: '0',
      WORKER_CONCURRENCY: String(BENCH.workerConcurrency),
      ...RAISED_ABUSE_LIMITS,
      ...STAND_IN_PROVIDER,
      ...apiKeysEnv(BENCH_APP, apiKey),
      ...metricsTokenEnv(),
    },
  };
}
