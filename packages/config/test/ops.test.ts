import { ConfigError, loadApiConfig, loadWorkerConfig } from '@otp/config';
import t from 'tap';

const SECRET = 'a'.repeat(32);
/** Production also requires API_KEYS; one app whose key hashes to 64 zeros keeps these cases about the dashboard. */
const PRODUCTION_KEYS = `shop:${'0'.repeat(64)}`;
/** …and a provider other than development, which would print codes to the logs. */
const PRODUCTION_SMS = { SMS_PROVIDER: 'msg91', MSG91_AUTH_KEY: 'test-auth-key', MSG91_TEMPLATE_ID: 'test-template' };
const env = (overrides: Record<string, string>) => ({ NODE_ENV: 'test', OTP_SECRET: SECRET, ...overrides });
const api = (overrides: Record<string, string>) => loadApiConfig(env(overrides), { dotenv: false }).config;
const worker = (overrides: Record<string, string>) => loadWorkerConfig(env(overrides), { dotenv: false }).config;

function problemsOf(load: typeof loadApiConfig | typeof loadWorkerConfig, overrides: Record<string, string>): string[] {
  try {
    load(env(overrides), { dotenv: false });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.message}`);
    throw error;
  }
  return [];
}

t.test('operations defaults: dashboard off, metrics open, sensible stalled-job settings', async (t) => {
  const apiConfig = api({});
  t.equal(apiConfig.server.dashboard, undefined);
  t.equal(apiConfig.metricsToken, undefined);
  t.equal(apiConfig.redis.clusterNodes, undefined);
  const workerConfig = worker({});
  t.same(workerConfig.worker, {
    concurrency: 10,
    health: { host: '0.0.0.0', port: 8001 },
    stalled: { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 1 },
    shutdownTimeoutMs: 25_000,
  });
});

t.test('REDIS_CLUSTER_NODES is parsed into seed nodes, for both processes', async (t) => {
  const nodes = [
    { host: 'redis-a', port: 7000 },
    { host: '10.0.0.2', port: 7001 },
  ];
  t.same(api({ REDIS_CLUSTER_NODES: 'redis-a:7000,10.0.0.2:7001' }).redis.clusterNodes, nodes);
  t.same(worker({ REDIS_CLUSTER_NODES: 'redis-a:7000,10.0.0.2:7001' }).redis.clusterNodes, nodes);
  t.match(problemsOf(loadApiConfig, { REDIS_CLUSTER_NODES: 'redis-a' }), [/^REDIS_CLUSTER_NODES: /]);
});

t.test('the dashboard needs both credentials', async (t) => {
  t.same(api({ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'pw' }).server.dashboard, { username: 'ops', password: 'pw' });
  t.match(problemsOf(loadApiConfig, { ADMIN_USERNAME: 'ops' }), [/^ADMIN_PASSWORD: is required when ADMIN_USERNAME is set/]);
  t.match(problemsOf(loadApiConfig, { ADMIN_PASSWORD: 'a long enough password' }), [/^ADMIN_USERNAME: is required/]);
});

t.test('production refuses a short dashboard password', async (t) => {
  t.match(problemsOf(loadApiConfig, { NODE_ENV: 'production', API_KEYS: PRODUCTION_KEYS, ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'short' }), [
    /^ADMIN_PASSWORD: must be at least 12 characters when NODE_ENV=production/,
  ]);
  t.same(problemsOf(loadApiConfig, { NODE_ENV: 'production', API_KEYS: PRODUCTION_KEYS, ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'twelve chars' }), []);
});

t.test('METRICS_TOKEN must not be trivially guessable', async (t) => {
  t.match(problemsOf(loadApiConfig, { METRICS_TOKEN: 'short' }), [/^METRICS_TOKEN: must be a string of at least 16 characters/]);
  t.match(problemsOf(loadWorkerConfig, { METRICS_TOKEN: 'short' }), [/^METRICS_TOKEN: must be a string of at least 16 characters/]);
});

t.test('each process requires only what it reads', async (t) => {
  t.same(problemsOf(loadWorkerConfig, { NODE_ENV: 'production', ...PRODUCTION_SMS }), [], 'the worker needs no API_KEYS in production');
  t.same(problemsOf(loadWorkerConfig, { ...PRODUCTION_SMS, RATE_LIMIT_MAX: 'lots', ADMIN_USERNAME: 'ops' }), [], "the API's settings never stop the worker");
  t.same(problemsOf(loadApiConfig, { NODE_ENV: 'production', API_KEYS: PRODUCTION_KEYS, SMS_PROVIDER: 'twilio' }), [], "the API needs no provider credentials");
  t.match(problemsOf(loadApiConfig, { NODE_ENV: 'production' }), [/^API_KEYS: is required when NODE_ENV=production/]);
  t.match(problemsOf(loadWorkerConfig, { NODE_ENV: 'production', SMS_PROVIDER: 'development' }), [/^SMS_PROVIDER: development/]);
});
