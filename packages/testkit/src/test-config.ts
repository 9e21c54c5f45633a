import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '@otp/config';

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
      ...env,
    },
    { dotenv: false },
  ).config;
}
