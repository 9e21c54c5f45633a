import { ConfigError, loadApiConfig, loadWorkerConfig } from '@otp/config';
import t from 'tap';

const SECRET = 'a'.repeat(32);
/** Production also requires API_KEYS; one app whose key hashes to 64 zeros keeps these cases about the dashboard. */
const PRODUCTION_KEYS = `shop:${'0'.repeat(64)}`;
/** …and a provider other than development, which would print codes to the logs. */
const PRODUCTION_SMS = { SMS_PROVIDER: 'msg91', MSG91_AUTH_KEY: 'test-auth-key', MSG91_TEMPLATE_ID: 'test-template' };
/** …and a token for /metrics. */
const METRICS_TOKEN = 'scrape-token-0123456789';
const API_WITHOUT_TOKEN = { NODE_ENV: 'production', API_KEYS: PRODUCTION_KEYS };
const WORKER_WITHOUT_TOKEN = { NODE_ENV: 'production', ...PRODUCTION_SMS };
const PRODUCTION_API = { ...API_WITHOUT_TOKEN, METRICS_TOKEN };
const PRODUCTION_WORKER = { ...WORKER_WITHOUT_TOKEN, METRICS_TOKEN };
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

t.test('operations defaults: dashboard off, metrics open, loopback only, sensible stalled-job settings', async (t) => {
  const apiConfig = api({});
  t.equal(apiConfig.server.dashboard, undefined);
  t.equal(apiConfig.server.host, '127.0.0.1', 'the API serves this machine only unless HOST says otherwise');
  t.equal(apiConfig.metricsToken, undefined);
  t.equal(apiConfig.redis.clusterNodes, undefined);
  const workerConfig = worker({});
  t.same(workerConfig.worker, {
    concurrency: 10,
    health: { host: '127.0.0.1', port: 8001 },
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
  t.same(api({ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'pw' }).server.dashboard, {
    username: 'ops',
    password: 'pw',
    readOnly: false,
    login: { maxFailures: 10, windowSeconds: 900 },
  });
  t.match(problemsOf(loadApiConfig, { ADMIN_USERNAME: 'ops' }), [/^ADMIN_PASSWORD: is required when ADMIN_USERNAME is set/]);
  t.match(problemsOf(loadApiConfig, { ADMIN_PASSWORD: 'a long enough password' }), [/^ADMIN_USERNAME: is required/]);
});

t.test('production refuses a short dashboard password', async (t) => {
  t.match(problemsOf(loadApiConfig, { ...PRODUCTION_API, ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'short' }), [
    /^ADMIN_PASSWORD: must be at least 12 characters when NODE_ENV=production/,
  ]);
  t.same(problemsOf(loadApiConfig, { ...PRODUCTION_API, ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'twelve chars' }), []);
});

t.test('METRICS_TOKEN must not be trivially guessable', async (t) => {
  t.match(problemsOf(loadApiConfig, { METRICS_TOKEN: 'short' }), [/^METRICS_TOKEN: must be a string of at least 16 characters/]);
  t.match(problemsOf(loadWorkerConfig, { METRICS_TOKEN: 'short' }), [/^METRICS_TOKEN: must be a string of at least 16 characters/]);
});

t.test('each process requires only what it reads', async (t) => {
  t.same(problemsOf(loadWorkerConfig, PRODUCTION_WORKER), [], 'the worker needs no API_KEYS in production');
  t.same(problemsOf(loadWorkerConfig, { ...PRODUCTION_SMS, RATE_LIMIT_MAX: 'lots', ADMIN_USERNAME: 'ops' }), [], "the API's settings never stop the worker");
  t.same(problemsOf(loadApiConfig, { ...PRODUCTION_API, SMS_PROVIDER: 'twilio' }), [], 'the API needs no provider credentials');
  t.match(problemsOf(loadApiConfig, { NODE_ENV: 'production', METRICS_TOKEN }), [/^API_KEYS: is required when NODE_ENV=production/]);
  t.match(problemsOf(loadWorkerConfig, { NODE_ENV: 'production', METRICS_TOKEN, SMS_PROVIDER: 'development' }), [/^SMS_PROVIDER: development/]);
});

t.test('production refuses an open /metrics in both processes, unless METRICS_PUBLIC=true says so on purpose', async (t) => {
  const refusal = /^METRICS_TOKEN: is required when NODE_ENV=production.*METRICS_PUBLIC=true/;
  t.match(problemsOf(loadApiConfig, API_WITHOUT_TOKEN), [refusal], 'the API');
  t.match(problemsOf(loadWorkerConfig, WORKER_WITHOUT_TOKEN), [refusal], 'the worker');
  t.same(problemsOf(loadApiConfig, { ...API_WITHOUT_TOKEN, METRICS_PUBLIC: 'true' }), []);
  t.same(problemsOf(loadWorkerConfig, { ...WORKER_WITHOUT_TOKEN, METRICS_PUBLIC: 'true' }), []);
  t.equal(api({ ...API_WITHOUT_TOKEN, METRICS_PUBLIC: 'true' }).metricsToken, undefined, 'public: no token is asked for');
  t.match(problemsOf(loadApiConfig, { METRICS_TOKEN, METRICS_PUBLIC: 'true' }), [/^METRICS_PUBLIC: cannot be true while METRICS_TOKEN is set/]);
  t.same(problemsOf(loadApiConfig, {}), [], 'outside production /metrics may stay open');
});

t.test('the dashboard is read-only by default in production, and its login throttle is configurable', async (t) => {
  const admin = { ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'a long enough password' };
  t.equal(api({ ...PRODUCTION_API, ...admin }).server.dashboard?.readOnly, true, 'production: read-only');
  t.equal(api({ ...PRODUCTION_API, ...admin, ADMIN_READ_ONLY: 'false' }).server.dashboard?.readOnly, false, 'unless turned off on purpose');
  t.equal(api({ ...admin }).server.dashboard?.readOnly, false, 'elsewhere: writable');
  t.equal(api({ ...admin, ADMIN_READ_ONLY: 'true' }).server.dashboard?.readOnly, true);
  t.same(api({ ...admin, ADMIN_LOGIN_ATTEMPTS: '3', ADMIN_LOGIN_WINDOW_SECONDS: '60' }).server.dashboard?.login, { maxFailures: 3, windowSeconds: 60 });
});
