import { existsSync, mkdirSync } from 'node:fs';
import { composeApi } from '@otp/api';
import { waitUntilReady } from '@otp/redis';
import { captureLogs, createRedisNamespace, testApiConfig } from '@otp/testkit';
import { chromium } from 'playwright-core';
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

t.test('Bull Board in a real browser: log in, see the queue and a job', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium; .ci/run does this)` }, async (t) => {
  const ns = await createRedisNamespace();
  const api = await composeApi(testApiConfig({ ...ns.env, ...ADMIN }), captureLogs().logger);
  await waitUntilReady(api.redis);
  const base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await api.close();
    await ns.cleanup();
  });
  // No worker runs, so the job stays in the queue for the dashboard to show.
  const sent = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone: PHONE } });
  const requestId = sent.json().requestId as string;

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  t.teardown(() => browser.close());

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
