import { ConfigError, loadConfig } from '@otp/config';
import t from 'tap';

const SECRET = 'a'.repeat(32);
/** Production also requires API_KEYS; one app whose key hashes to 64 zeros keeps these cases about the dashboard. */
const PRODUCTION_KEYS = `shop:${'0'.repeat(64)}`;
/** …and a provider other than development, which would print codes to the logs. */
const PRODUCTION_SMS = { SMS_PROVIDER: 'msg91', MSG91_AUTH_KEY: 'test-auth-key', MSG91_TEMPLATE_ID: 'test-template' };
const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', OTP_SECRET: SECRET, ...env }, { dotenv: false }).config;

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.message}`);
    throw error;
  }
  return [];
}

t.test('ops defaults: dashboard off, metrics open, sensible stalled-job settings', async (t) => {
  const { ops } = load({});
  t.equal(ops.dashboard, undefined);
  t.equal(ops.metricsToken, undefined);
  t.same(ops.workerHealth, { host: '0.0.0.0', port: 8001 });
  t.same(ops.worker, { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 1, shutdownTimeoutMs: 25_000 });
  t.equal(ops.redisClusterNodes, undefined);
});

t.test('REDIS_CLUSTER_NODES is parsed into seed nodes', async (t) => {
  t.same(load({ REDIS_CLUSTER_NODES: 'redis-a:7000,10.0.0.2:7001' }).ops.redisClusterNodes, [
    { host: 'redis-a', port: 7000 },
    { host: '10.0.0.2', port: 7001 },
  ]);
  t.match(problemsOf({ REDIS_CLUSTER_NODES: 'redis-a' }), [/^REDIS_CLUSTER_NODES: /]);
});

t.test('the dashboard needs both credentials', async (t) => {
  t.same(load({ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'pw' }).ops.dashboard, { username: 'ops', password: 'pw' });
  t.match(problemsOf({ ADMIN_USERNAME: 'ops' }), [/^ADMIN_PASSWORD: is required when ADMIN_USERNAME is set/]);
  t.match(problemsOf({ ADMIN_PASSWORD: 'a long enough password' }), [/^ADMIN_USERNAME: is required/]);
});

t.test('production refuses a short dashboard password', async (t) => {
  t.match(problemsOf({ NODE_ENV: 'production', API_KEYS: PRODUCTION_KEYS, ...PRODUCTION_SMS, ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'short' }), [
    /^ADMIN_PASSWORD: must be at least 12 characters when NODE_ENV=production/,
  ]);
  t.same(problemsOf({ NODE_ENV: 'production', API_KEYS: PRODUCTION_KEYS, ...PRODUCTION_SMS, ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'twelve chars' }), []);
});

t.test('METRICS_TOKEN must not be trivially guessable', async (t) => {
  t.match(problemsOf({ METRICS_TOKEN: 'short' }), [/^METRICS_TOKEN: must be a string of at least 16 characters/]);
});
