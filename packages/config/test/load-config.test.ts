import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadApiConfig, loadWorkerConfig } from '@otp/config';
import t from 'tap';

const SECRET = 'x'.repeat(32);

/** The problems either process reports for `env`, by variable. */
function problemsOf(env: Record<string, string>): Record<string, string> {
  const cwd = mkdtempSync(join(tmpdir(), 'otp-config-'));
  return Object.fromEntries([loadApiConfig, loadWorkerConfig].flatMap((load) => {
    try {
      load(env, { dotenv: false, cwd });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.map((p) => [p.variable, p.message]);
      throw error;
    }
  }));
}

t.test('defaults match the seed guide', async (t) => {
  const shared = {
    env: 'development',
    redis: { url: 'redis://127.0.0.1:6379', queuePrefix: '{otp}' },
    otp: {
      length: 6,
      ttlSeconds: 600,
      maxAttempts: 5,
      resendCooldownSeconds: 30,
      messageTemplate: 'Your IndoStar Naturals verification code is: {otp}. Valid for {minutes} minutes.',
    },
  };
  t.match(loadApiConfig({ OTP_SECRET: SECRET }, { dotenv: false }).config, { ...shared, server: { port: 8000, host: '127.0.0.1' } });
  t.match(loadWorkerConfig({ OTP_SECRET: SECRET }, { dotenv: false }).config, {
    ...shared,
    sms: { provider: 'development' },
    worker: { concurrency: 10 },
  });
});

t.test('every bad variable is named in one error', async (t) => {
  const problems = problemsOf({ OTP_SECRET: SECRET, OTP_LENGTH: '3', PORT: 'eighty', SMS_PROVIDER: 'carrier-pigeon', REDIS_URL: 'localhost:6379' });
  t.same(Object.keys(problems).sort(), ['OTP_LENGTH', 'PORT', 'REDIS_URL', 'SMS_PROVIDER']);
  t.match(problems.OTP_LENGTH, /an integer from 4 to 10 \(got "3"\)/);
  t.match(problems.SMS_PROVIDER, /one of development/);
});

t.test('the error message lists each variable on its own line', async (t) => {
  const error = t.throws(() => loadApiConfig({ OTP_LENGTH: '11', OTP_TTL_SECONDS: '-1' }, { dotenv: false })) as Error;
  t.match(error.message, /Invalid configuration \(2 problems\):\n {2}- OTP_LENGTH: .*\n {2}- OTP_TTL_SECONDS: /);
});

t.test('production refuses to start without OTP_SECRET', async (t) => {
  t.match(problemsOf({ NODE_ENV: 'production' }), { OTP_SECRET: /required when NODE_ENV=production/ });
});

t.test('a short OTP_SECRET is refused', async (t) => {
  t.match(problemsOf({ OTP_SECRET: 'short' }), { OTP_SECRET: /at least 32 characters/ });
});

t.test('OTP_SECRET_PREVIOUS is read by both processes, and must be another secret', async (t) => {
  const previous = 'p'.repeat(32);
  t.equal(loadApiConfig({ OTP_SECRET: SECRET, OTP_SECRET_PREVIOUS: previous }, { dotenv: false }).config.otp.previousSecret, previous);
  t.equal(loadWorkerConfig({ OTP_SECRET: SECRET, OTP_SECRET_PREVIOUS: previous }, { dotenv: false }).config.otp.previousSecret, previous);
  t.equal(loadWorkerConfig({ OTP_SECRET: SECRET }, { dotenv: false }).config.otp.previousSecret, undefined);
  t.match(problemsOf({ OTP_SECRET: SECRET, OTP_SECRET_PREVIOUS: SECRET }), { OTP_SECRET_PREVIOUS: /must differ from OTP_SECRET/ });
  t.match(problemsOf({ OTP_SECRET: SECRET, OTP_SECRET_PREVIOUS: 'short' }), { OTP_SECRET_PREVIOUS: /at least 32 characters/ });
});

t.test('development generates a secret once, shares it, and warns', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'otp-config-'));
  const first = loadApiConfig({}, { dotenv: false, cwd });
  const second = loadWorkerConfig({}, { dotenv: false, cwd });
  t.equal(first.config.otp.secret, second.config.otp.secret, 'the API and the worker read the same secret');
  t.ok(first.config.otp.secret.length >= 32);
  t.equal(readFileSync(join(cwd, '.otp-secret'), 'utf8').trim(), first.config.otp.secret);
  t.equal(statSync(join(cwd, '.otp-secret')).mode & 0o777, 0o600, 'only the owner can read it');
  t.match(first.warnings, [/OTP_SECRET is not set; using the newly generated development secret/]);
  t.match(second.warnings, [/using the generated development secret/]);
});

t.test('.env is read, and real environment variables win over it', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'otp-config-'));
  writeFileSync(join(cwd, '.env'), `OTP_SECRET=${SECRET}\nPORT=9000\nOTP_LENGTH=8\n`);
  const { config } = loadApiConfig({ PORT: '9100', OTP_LENGTH: '' }, { cwd });
  t.equal(config.server.port, 9100, 'the environment wins');
  t.equal(config.otp.length, 8, 'an empty variable counts as unset, so .env applies');
  t.equal(config.otp.secret, SECRET);
});
