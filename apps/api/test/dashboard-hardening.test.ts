import { composeApi, type Api } from '@otp/api';
import { waitUntilReady } from '@otp/redis';
import { captureLogs, createRedisNamespace, settleSendJobs, testApiConfig, type RedisNamespace } from '@otp/testkit';
import t from 'tap';

const ADMIN = { ADMIN_USERNAME: 'operator', ADMIN_PASSWORD: 'correct horse battery' };
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const RIGHT = basic(ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
const WRONG = basic(ADMIN.ADMIN_USERNAME, 'a wrong guess');
/** The dashboard as an operator's browser reaches it: its Host, and the Origin a browser sends with changes. */
const HOST = 'ops.example.test:8443';
const OWN_ORIGIN = 'https://ops.example.test:8443';

interface Harness {
  api: Api;
  ns: RedisNamespace;
  /** Status and code of one dashboard request. */
  call(options: { method?: 'GET' | 'PUT'; url: string; authorization?: string; origin?: string; from?: string }): Promise<{ statusCode: number; code?: string; headers: Record<string, unknown> }>;
}

async function startDashboard(t: { teardown(fn: () => Promise<void>): void }, env: Record<string, string> = {}): Promise<Harness> {
  const ns = await createRedisNamespace();
  const api = await composeApi(testApiConfig({ ...ns.env, ...ADMIN, ...env }), captureLogs().logger);
  await waitUntilReady(api.redis);
  t.teardown(async () => {
    await api.close();
    await ns.cleanup();
  });
  return {
    api,
    ns,
    async call({ method = 'GET', url, authorization = RIGHT, origin, from = '127.0.0.1' }) {
      const headers: Record<string, string> = { host: HOST, ...(authorization ? { authorization } : {}), ...(origin ? { origin } : {}) };
      const response = await api.app.inject({ method, url: `/admin/queues${url}`, headers, remoteAddress: from });
      const body = response.headers['content-type']?.toString().includes('json') ? (response.json() as { code?: string }) : {};
      return { statusCode: response.statusCode, code: body.code, headers: response.headers };
    },
  };
}

/** Sends two codes and settles their jobs: the first completes, the second fails for good. */
async function completedAndFailedJobs(harness: Harness): Promise<{ completed: string; failed: string }> {
  const ids: string[] = [];
  for (const phone of ['+919876543210', '+919812345670']) {
    const sent = await harness.api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone } });
    ids.push(sent.json().requestId as string);
  }
  const [completed = '', failed = ''] = ids;
  await settleSendJobs(harness.ns.queuePrefix, { completed: [completed], failed: [failed] });
  return { completed, failed };
}

t.test('login throttle: after ADMIN_LOGIN_ATTEMPTS failures a client waits, even with the right password', async (t) => {
  const harness = await startDashboard(t, { ADMIN_LOGIN_ATTEMPTS: '3', ADMIN_LOGIN_WINDOW_SECONDS: '600' });
  const attacker = '2001:db8:7:7::1';
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await harness.call({ url: '/api/queues', authorization: WRONG, from: attacker })).statusCode);
  t.same(statuses, [401, 401, 401], 'the allowed failures answer 401');

  const throttled = await harness.call({ url: '/api/queues', authorization: WRONG, from: attacker });
  t.equal(throttled.statusCode, 429);
  t.equal(throttled.code, 'RATE_LIMITED');
  t.ok(Number(throttled.headers['retry-after']) > 590 && Number(throttled.headers['retry-after']) <= 600, 'Retry-After: the rest of the window');
  const rightGuess = await harness.call({ url: '/api/queues', from: attacker });
  t.equal(rightGuess.statusCode, 429, 'a right guess looks exactly like a wrong one');
  t.equal((await harness.call({ url: '/api/queues', from: '2001:db8:7:7:ffff::9' })).statusCode, 429, 'another address of the same /64 is the same client');
  t.equal((await harness.call({ url: '/api/queues', from: '2001:db8:7:8::1' })).statusCode, 200, 'another client logs in');

  const metric = await harness.api.metrics.guardRejections.get();
  t.same(metric.values.map((v) => [v.labels.rule, v.value]), [['dashboard_login', 3]]);
});

t.test('login throttle: only wrong credentials count, so a busy operator is never locked out', async (t) => {
  const harness = await startDashboard(t, { ADMIN_LOGIN_ATTEMPTS: '2' });
  for (let i = 0; i < 30; i++) await harness.call({ url: '/api/queues' });
  for (let i = 0; i < 5; i++) t.equal((await harness.call({ url: '/api/queues', authorization: '' })).statusCode, 401, 'a request for the login prompt');
  t.equal((await harness.call({ url: '/api/queues', authorization: WRONG })).statusCode, 401, 'one typo');
  t.equal((await harness.call({ url: '/api/queues' })).statusCode, 200, 'still in');
  t.equal((await harness.call({ url: '/api/queues', authorization: 'Basic bm90LWEtcGFpcg==' })).statusCode, 401, 'malformed credentials are a wrong guess too');
  t.equal((await harness.call({ url: '/api/queues' })).statusCode, 429, 'two wrong guesses are the limit here');
});

t.test('writable dashboard: a change must come from the dashboard’s own origin', async (t) => {
  const harness = await startDashboard(t, { ADMIN_READ_ONLY: 'false', PUBLIC_BASE_URL: 'https://otp.example.test' });
  const { failed } = await completedAndFailedJobs(harness);
  const retry = (origin?: string) => harness.call({ method: 'PUT', url: `/api/queues/sms/${failed}/retry`, origin });

  for (const origin of [undefined, 'https://evil.example', 'null', 'https://ops.example.test:8444', 'https://ops.example.test.evil.example:8443']) {
    const refused = await retry(origin);
    t.same([refused.statusCode, refused.code], [403, 'ORIGIN_NOT_ALLOWED'], `Origin ${origin ?? '(none)'}`);
  }
  t.equal(await harness.api.queue.queue.getJobState(failed), 'failed', 'nothing was retried');

  t.equal((await retry(OWN_ORIGIN)).statusCode, 204, 'the dashboard’s own origin may retry a failed job');
  t.not(await harness.api.queue.queue.getJobState(failed), 'failed');
  t.equal((await harness.call({ url: '/api/queues' })).statusCode, 200, 'reading needs no Origin');
});

t.test('writable dashboard: PUBLIC_BASE_URL is an accepted origin when a proxy rewrites Host', async (t) => {
  const harness = await startDashboard(t, { ADMIN_READ_ONLY: 'false', PUBLIC_BASE_URL: 'https://otp.example.test' });
  const { failed } = await completedAndFailedJobs(harness);
  const response = await harness.api.app.inject({
    method: 'PUT',
    url: `/admin/queues/api/queues/sms/${failed}/retry`,
    headers: { host: 'api:8000', authorization: RIGHT, origin: 'https://otp.example.test' },
  });
  t.equal(response.statusCode, 204);
});

t.test('writable dashboard: completed jobs are never retried, one by one or all at once', async (t) => {
  const harness = await startDashboard(t, { ADMIN_READ_ONLY: 'false' });
  const { completed } = await completedAndFailedJobs(harness);
  for (const url of [`/api/queues/sms/${completed}/retry`, '/api/queues/sms/retry/completed']) {
    const refused = await harness.call({ method: 'PUT', url, origin: OWN_ORIGIN });
    t.same([refused.statusCode, refused.code], [403, 'DASHBOARD_READ_ONLY'], url);
  }
  t.equal(await harness.api.queue.queue.getJobState(completed), 'completed', 'its code is not sent again');
});

t.test('ADMIN_READ_ONLY=true: the dashboard shows everything and changes nothing', async (t) => {
  const harness = await startDashboard(t, { ADMIN_READ_ONLY: 'true' });
  const { completed, failed } = await completedAndFailedJobs(harness);
  const changes = [
    `/api/queues/sms/${failed}/retry`,
    `/api/queues/sms/${completed}/retry`,
    '/api/queues/sms/retry/failed',
    '/api/queues/sms/clean/completed',
    '/api/queues/sms/empty',
    '/api/queues/pause',
  ];
  for (const url of changes) {
    const refused = await harness.call({ method: 'PUT', url, origin: OWN_ORIGIN });
    t.same([refused.statusCode, refused.code], [403, 'DASHBOARD_READ_ONLY'], url);
  }
  t.same([await harness.api.queue.queue.getJobState(completed), await harness.api.queue.queue.getJobState(failed)], ['completed', 'failed']);

  const list = await harness.api.app.inject({ url: '/admin/queues/api/queues?activeQueue=sms&status=failed', headers: { host: HOST, authorization: RIGHT } });
  t.equal(list.statusCode, 200);
  const queue = (list.json().queues as Array<{ name: string; readOnlyMode: boolean; jobs: Array<{ id: string }> }>).find((q) => q.name === 'sms');
  t.equal(queue?.readOnlyMode, true, 'the UI is told to hide its buttons');
  t.ok(queue?.jobs.some((job) => job.id === failed), 'the failed job is listed');
});
