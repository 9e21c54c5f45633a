import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '@otp/config';

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
  SMS_COUNTRY_HOURLY_LIMIT: '100000',
  PREFIX_THROTTLE_LIMIT: '100000',
  SMS_DAILY_BUDGET: '100000',
};

/**
 * A validated Config for tests, built through the real loader so tests exercise
 * the same parsing as production. `.env` is ignored; every value comes from `env`.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      OTP_SECRET: randomBytes(32).toString('base64url'),
      ...GENEROUS_LIMITS,
      ...env,
    },
    { dotenv: false },
  ).config;
}
