import { composeApi, type Api } from '@otp/api';
import { waitUntilReady } from '@otp/redis';
import { captureLogs, createRedisNamespace, deadRedisUrl, startLocalRedis, testApiConfig } from '@otp/testkit';
import t from 'tap';

const PHONE = '+919876543210';
const ADMIN = { ADMIN_USERNAME: 'operator', ADMIN_PASSWORD: 'correct horse battery' };
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The API as main.ts wires it, on a private namespace of the shared Redis. */
async function startApi(t: { teardown(fn: () => Promise<void>): void }, env: Record<string, string> = {}): Promise<Api> {
  const ns = await createRedisNamespace();
  const api = await composeApi(testApiConfig({ ...ns.env, ...env }), captureLogs().logger);
  await waitUntilReady(api.redis);
  t.teardown(async () => {
    await api.close();
    await ns.cleanup();
  });
  return api;
}

t.test('dashboard: disabled when ADMIN_USERNAME and ADMIN_PASSWORD are unset', async (t) => {
  const api = await startApi(t);
  const response = await api.app.inject({ url: '/admin/queues', headers: { authorization: basic('operator', 'anything') } });
  t.equal(response.statusCode, 404);
});

t.test('dashboard: 401 without or with wrong credentials, 200 with the right ones', async (t) => {
  const api = await startApi(t, ADMIN);

  const anonymous = await api.app.inject({ url: '/admin/queues' });
  t.equal(anonymous.statusCode, 401);
  t.match(anonymous.headers['www-authenticate'], /^Basic realm=/);
  t.equal(anonymous.json().code, 'UNAUTHORIZED');

  for (const [user, password] of [
    ['operator', 'wrong password'],
    ['someone', ADMIN.ADMIN_PASSWORD],
  ] as const) {
    const wrong = await api.app.inject({ url: '/admin/queues/api/queues', headers: { authorization: basic(user, password) } });
    t.equal(wrong.statusCode, 401, `${user} with a wrong password or name is refused`);
  }

  const page = await api.app.inject({ url: '/admin/queues', headers: { authorization: basic(ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD) } });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.headers['content-security-policy'], /style-src 'self' 'unsafe-inline'/, 'the dashboard gets the CSP its UI needs');

  const otp = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone: PHONE } });
  t.notMatch(otp.headers['content-security-policy'], /fonts\.googleapis\.com/, 'the rest of the API keeps helmet’s default CSP');
});

t.test('dashboard: shows the queued job without a readable code', async (t) => {
  const api = await startApi(t, ADMIN);
  const sent = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone: PHONE } });
  const requestId = sent.json().requestId as string;

  const response = await api.app.inject({
    url: '/admin/queues/api/queues?activeQueue=sms&status=waiting&page=1&jobsPerPage=10',
    headers: { authorization: basic(ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD) },
  });
  t.equal(response.statusCode, 200);
  const queue = (response.json().queues as Array<{ name: string; jobs: Array<{ id: string; data: Record<string, unknown> }> }>).find(
    (q) => q.name === 'sms',
  );
  const job = queue?.jobs.find((j) => j.id === requestId);
  t.ok(job, 'the job is listed');
  t.match(job?.data, { requestId, phoneMasked: '+91******3210', country: 'IN', sealed: '[encrypted]' });
  t.notMatch(JSON.stringify(queue), /\b\d{6}\b/, 'no six-digit code anywhere in what the dashboard receives');
});

t.test('dashboard: a burst of UI requests is never rate limited', async (t) => {
  const api = await startApi(t, ADMIN);
  const authorization = basic(ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
  const statuses = new Set<number>();
  for (let i = 0; i < 60; i++) {
    statuses.add((await api.app.inject({ url: '/admin/queues/api/queues', headers: { authorization } })).statusCode);
  }
  t.same([...statuses], [200]);
});

t.test('health: live and ready on a working Redis', async (t) => {
  const api = await startApi(t);
  const live = await api.app.inject({ url: '/health/live' });
  t.same([live.statusCode, live.json()], [200, { status: 'ok' }]);
  const ready = await api.app.inject({ url: '/health/ready' });
  t.same([ready.statusCode, ready.json()], [200, { status: 'ready', checks: { redis: 'up', queue: 'up' } }]);
});

t.test('health: ready answers 503 when Redis is unreachable, live stays 200', async (t) => {
  const api = await composeApi(testApiConfig({ REDIS_URL: await deadRedisUrl() }), captureLogs().logger);
  t.teardown(async () => {
    await api.app.close();
    api.redis.disconnect();
    await api.queue.close();
  });
  const ready = await api.app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 503);
  t.same(ready.json(), { status: 'unavailable', checks: { redis: 'down', queue: 'down' } });
  t.equal((await api.app.inject({ url: '/health/live' })).statusCode, 200);
});

t.test('health: ready flips from 200 to 503 when its Redis goes away', async (t) => {
  // A Redis of this test's own: the shared one is never stopped.
  const redis = await startLocalRedis();
  const api = await composeApi(testApiConfig({ REDIS_URL: redis.url }), captureLogs().logger);
  t.teardown(async () => {
    await api.app.close();
    api.redis.disconnect();
    await api.queue.close();
    await redis.stop();
  });
  await waitUntilReady(api.redis);
  t.equal((await api.app.inject({ url: '/health/ready' })).statusCode, 200);

  await redis.stop();
  const down = await api.app.inject({ url: '/health/ready' });
  t.equal(down.statusCode, 503);
  t.equal(down.json().checks.redis, 'down');
});

t.test('metrics: a send shows up as Prometheus text', async (t) => {
  const api = await startApi(t);
  const sent = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone: PHONE } });
  t.equal(sent.statusCode, 202);
  await api.app.inject({ method: 'POST', url: '/api/v1/auth/verify-otp', payload: { phone: PHONE, otp: '000000' } });
  await api.app.inject({ url: '/no/such/route/12345' });

  const response = await api.app.inject({ url: '/metrics' });
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^text\/plain/);
  const text = response.body;
  t.match(text, /^otp_otp_requested_total\{country="IN",app="default"\} 1$/m);
  t.match(text, /^otp_otp_verify_failed_total\{reason="OTP_INVALID"\} 1$/m);
  t.match(text, /^otp_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/auth\/send-otp",status_code="202"\} 1$/m);
  t.match(text, /route="unmatched",status_code="404"/, 'unknown URLs share one label instead of their raw path');
  t.notMatch(text, /no\/such\/route/);
  t.match(text, /^otp_queue_jobs\{state="waiting"\} 1$/m, 'queue depth is read at scrape time');
  t.match(text, /^otp_queue_jobs\{state="failed"\} 0$/m);
  t.match(text, /^# TYPE otp_sms_provider_latency_seconds histogram$/m);
  t.match(text, /^# TYPE otp_sms_spend_messages_total counter$/m);
  t.match(text, /^# TYPE otp_guard_rejections_total counter$/m);
});

t.test('metrics: METRICS_TOKEN protects /metrics', async (t) => {
  const token = 'scrape-token-for-tests-only';
  const api = await startApi(t, { METRICS_TOKEN: token });
  t.equal((await api.app.inject({ url: '/metrics' })).statusCode, 401);
  t.equal((await api.app.inject({ url: '/metrics', headers: { authorization: 'Bearer not-the-token-at-all' } })).statusCode, 401);
  const allowed = await api.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  t.equal(allowed.statusCode, 200);
  t.match(allowed.body, /otp_http_request_duration_seconds/);
});

t.test('GET / points to the documentation instead of a 404', async (t) => {
  const api = await startApi(t);
  const root = await api.app.inject({ url: '/' });
  t.equal(root.statusCode, 200);
  t.same(root.json(), { service: 'otp-relay', docs: '/docs', openapi: '/docs/json', health: '/health/ready' });
  t.equal((await api.app.inject({ url: root.json().docs as string })).statusCode, 200, 'the pointer leads to Swagger UI');
});

t.test('docs: OpenAPI at /docs/json and Swagger UI at /docs', async (t) => {
  const api = await startApi(t);
  const document = await api.app.inject({ url: '/docs/json' });
  t.equal(document.statusCode, 200);
  t.match(document.json(), { openapi: /^3\./, paths: { '/api/v1/auth/send-otp': { post: Object }, '/health/ready': { get: Object } } });
  t.notOk(Object.keys(document.json().paths).some((path) => path.startsWith('/admin')), 'the dashboard stays out of the API document');
  const ui = await api.app.inject({ url: '/docs/' });
  t.equal(ui.statusCode, 200);
  t.match(ui.body, /swagger-ui/);
});
