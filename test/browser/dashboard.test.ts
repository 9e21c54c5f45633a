import { existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeApi, type Api } from '@otp/api';
import { waitUntilReady } from '@otp/redis';
import { captureLogs, createRedisNamespace, settleSendJobs, testApiConfig, type RedisNamespace } from '@otp/testkit';
import { chromium, type Browser } from 'playwright-core';
import t from 'tap';

/** Debian's chromium package; .ci/run installs it when missing. */
const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUTPUT_DIR = new URL('../../test-output/browser/', import.meta.url);
const ADMIN = { ADMIN_USERNAME: 'operator', ADMIN_PASSWORD: 'correct horse battery' };
const PHONE = '+919876543210';

const NEEDS_CHROMIUM = { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium; .ci/run does this)` };

type Teardown = { teardown(fn: () => Promise<void> | void): void };

/** An API serving the dashboard on a real port, with one send in its queue. */
async function dashboardWithJob(t: Teardown, env: Record<string, string>): Promise<{ api: Api; ns: RedisNamespace; base: string; requestId: string }> {
  const ns = await createRedisNamespace();
  const api = await composeApi(testApiConfig({ ...ns.env, ...ADMIN, ...env }), captureLogs().logger);
  await waitUntilReady(api.redis);
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await api.close();
    await ns.cleanup();
  });
  const sent = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone: PHONE } });
  return { api, ns, base, requestId: sent.json().requestId as string };
}

/** The same, with that send's job failed for good. */
async function dashboardWithFailedJob(t: Teardown, env: Record<string, string>): Promise<{ api: Api; base: string; failed: string }> {
  const { api, ns, base, requestId } = await dashboardWithJob(t, env);
  await settleSendJobs(ns.queuePrefix, { completed: [], failed: [requestId] });
  return { api, base, failed: requestId };
}

async function launch(t: Teardown): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  t.teardown(() => browser.close());
  return browser;
}

t.test('Bull Board in a real browser: log in, see the queue and a job', NEEDS_CHROMIUM, async (t) => {
  // No worker runs, so the job stays in the queue for the dashboard to show.
  const { base, requestId } = await dashboardWithJob(t, {});
  const browser = await launch(t);

  const anonymous = await browser.newContext();
  t.equal((await anonymous.request.get(`${base}/admin/queues`)).status(), 401, 'without credentials: 401');

  const context = await browser.newContext({
    httpCredentials: { username: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD },
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });

  const overview = await page.goto(`${base}/admin/queues`);
  t.equal(overview?.status(), 200, 'logged in');
  await page.getByText('sms', { exact: true }).first().waitFor({ timeout: 20_000 });
  t.pass('the overview lists the sms queue');

  await page.goto(`${base}/admin/queues/queue/sms?status=waiting`);
  await page.getByText(requestId).first().waitFor({ timeout: 20_000 });
  t.pass('the queued job is shown');
  const text = await page.locator('body').innerText();
  t.match(text, /\+91\*{6}3210/, 'the job shows the masked phone');
  t.notMatch(text, /\b\d{6}\b/, 'no six-digit code on the page');

  mkdirSync(OUTPUT_DIR, { recursive: true });
  const screenshot = new URL('bull-board.png', OUTPUT_DIR).pathname;
  await page.screenshot({ path: screenshot, fullPage: true });
  t.comment(`screenshot: ${screenshot}`);
  t.same(cspViolations, [], 'the dashboard’s CSP lets its UI run');
});

/** A page on another site that posts to the dashboard with the operator's cached credentials: a CSRF attempt. */
async function crossSitePage(t: Teardown, target: string): Promise<string> {
  const html = `<!doctype html><script>
    fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"name":"send-otp","data":{}}' });
  </script>`;
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  // localhost, not 127.0.0.1: another host, so another site.
  return `http://localhost:${(server.address() as AddressInfo).port}/`;
}

t.test('a writable dashboard: its own Retry works, a cross-site page changes nothing', NEEDS_CHROMIUM, async (t) => {
  const { api, base, failed } = await dashboardWithFailedJob(t, { ADMIN_READ_ONLY: 'false' });
  const browser = await launch(t);
  const context = await browser.newContext({ httpCredentials: { username: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD } });
  const page = await context.newPage();

  const addUrl = `${base}/admin/queues/api/queues/sms/add`;
  // A browser may attach an operator's cached Basic login to a cross-site request (this Chromium does not answer
  // the challenge for one): the route attaches it, so what refuses the request below is the Origin check, not a missing login.
  const login = `Basic ${Buffer.from(`${ADMIN.ADMIN_USERNAME}:${ADMIN.ADMIN_PASSWORD}`).toString('base64')}`;
  await context.route(addUrl, (route) => route.continue({ headers: { ...route.request().headers(), authorization: login } }));
  // Helmet's Cross-Origin-Resource-Policy hides the answer from the other site; the request still reached the API.
  const forged = page.waitForEvent('requestfailed', (request) => request.url() === addUrl);
  await page.goto(await crossSitePage(t, addUrl));
  t.equal((await forged).headers().origin, new URL(await page.url()).origin, 'the browser sent the other site as Origin');
  const answers = (await api.metrics.httpRequestDuration.get()).values.filter((v) => String(v.labels.route).endsWith('/api/queues/:queueName/add'));
  t.same([...new Set(answers.map((v) => v.labels.status_code))], ['403'], 'the API refused it');
  t.match(await api.queue.queue.getJobCounts('waiting', 'failed'), { waiting: 0, failed: 1 }, 'no job was added');

  await page.goto(`${base}/admin/queues/queue/sms?status=failed`);
  await page.getByRole('button', { name: 'Retry all' }).click();
  const retried = page.waitForResponse((response) => response.url().endsWith('/api/queues/sms/retry/failed'));
  await page.getByRole('button', { name: 'Confirm' }).click();
  t.equal((await retried).status(), 200, 'the dashboard’s own page sends its Origin, and the retry goes through');
  t.equal(await api.queue.queue.getJobState(failed), 'waiting');
});

t.test('a read-only dashboard shows the failed job and offers no way to change it', NEEDS_CHROMIUM, async (t) => {
  const { api, base, failed } = await dashboardWithFailedJob(t, { ADMIN_READ_ONLY: 'true' });
  const browser = await launch(t);
  const context = await browser.newContext({ httpCredentials: { username: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD } });
  const page = await context.newPage();
  await page.goto(`${base}/admin/queues/queue/sms?status=failed`);
  await page.getByText(failed).first().waitFor({ timeout: 20_000 });
  t.pass('the failed job is shown');
  for (const name of ['Retry all', 'Clean all']) t.equal(await page.getByRole('button', { name }).count(), 0, `no ${name} button`);
  const forced = await page.evaluate(async (url) => (await fetch(url, { method: 'PUT' })).status, `${base}/admin/queues/api/queues/sms/retry/failed`);
  t.equal(forced, 403, 'the API refuses what the UI hides');
  t.equal(await api.queue.queue.getJobState(failed), 'failed');
});
