import { randomBytes } from 'node:crypto';
import { loadApiConfig, loadWorkerConfig, type ApiConfig, type WorkerConfig } from '@otp/config';

/**
 * Abuse limits lifted far above what any test sends, so a test about something
 * else is not throttled by its own requests (they all come from 127.0.0.1).
 * Tests about the limits set them explicitly; the defaults are asserted in the config tests.
 */
const GENEROUS_LIMITS: Record<string, string> = {
  RATE_LIMIT_MAX: '100000',
  APP_SENDS_PER_MINUTE: '100000',
  PHONE_SEND_LIMIT: '1000',
  PHONE_DAILY_SEND_LIMIT: '10000',
  PHONE_GLOBAL_DAILY_SEND_LIMIT: '10000',
  SMS_COUNTRY_HOURLY_LIMIT: '100000',
  PREFIX_THROTTLE_LIMIT: '100000',
  SMS_DAILY_BUDGET: '100000',
  // Test sends are rarely verified: the conversion rule would cut them off after a few dozen.
  GUARD_ALLOWANCE: '1000000000',
};

/** The configurations of both processes, read from one environment, as a deployment's API and worker would. */
export interface TestConfigs {
  api: ApiConfig;
  worker: WorkerConfig;
}

/**
 * Validated configs for tests, built through the real loaders so tests exercise
 * the same parsing as production. `.env` is ignored; every value comes from `env`,
 * and both processes share one generated OTP_SECRET.
 */
export function testConfigs(env: Record<string, string> = {}): TestConfigs {
  const environment = testEnvironment(env);
  return { api: testApiConfig(environment), worker: testWorkerConfig(environment) };
}

export function testApiConfig(env: Record<string, string> = {}): ApiConfig {
  return loadApiConfig(testEnvironment(env), { dotenv: false }).config;
}

export function testWorkerConfig(env: Record<string, string> = {}): WorkerConfig {
  return loadWorkerConfig(testEnvironment(env), { dotenv: false }).config;
}

/** `env` over the test defaults; an OTP_SECRET already in `env` is kept, so both processes can share it. */
function testEnvironment(env: Record<string, string>): Record<string, string> {
  return { NODE_ENV: 'test', LOG_LEVEL: 'silent', OTP_SECRET: randomBytes(32).toString('base64url'), ...GENEROUS_LIMITS, ...env };
}
