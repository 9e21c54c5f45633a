import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startApi } from './api-harness.js';

const SECRET = 'captcha-secret-for-tests';
const GOOD_TOKEN = 'token-the-fake-accepts';

/** A local stand-in for the siteverify endpoint, speaking the Turnstile/hCaptcha form protocol. */
async function fakeSiteverify(t: { teardown(fn: () => Promise<void>): void }): Promise<{ url: string; forms: URLSearchParams[] }> {
  const forms: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const form = new URLSearchParams(raw);
      forms.push(form);
      const success = form.get('secret') === SECRET && form.get('response') === GOOD_TOKEN;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(success ? { success: true } : { success: false, 'error-codes': ['invalid-input-response'] }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`, forms };
}

for (const provider of ['turnstile', 'hcaptcha']) {
  t.test(`${provider}: send-otp needs a valid token`, async (t) => {
    const siteverify = await fakeSiteverify(t);
    const harness = await startApi(t, { CAPTCHA_PROVIDER: provider, CAPTCHA_SECRET: SECRET, CAPTCHA_VERIFY_URL: siteverify.url });

    t.match(await harness.send({ phone: '+919876543210' }), { statusCode: 400, body: { code: 'CAPTCHA_REQUIRED' } });
    t.equal(siteverify.forms.length, 0, 'a missing token is refused without asking the provider');
    t.match(await harness.send({ phone: '+919876543210', captchaToken: 'forged' }), { statusCode: 403, body: { code: 'CAPTCHA_INVALID' } });
    t.same(await harness.storedKeys(), [], 'refused sends store nothing');
    t.same(await harness.jobs(), []);

    const ok = await harness.send({ phone: '+919876543210', captchaToken: GOOD_TOKEN }, { remoteAddress: '127.0.0.42' });
    t.equal(ok.statusCode, 202);
    t.match(Object.fromEntries(siteverify.forms.at(-1) ?? []), { secret: SECRET, response: GOOD_TOKEN, remoteip: '127.0.0.42' });
    t.equal((await harness.api.metrics.guardRejections.get()).values.find((v) => v.labels.rule === 'captcha')?.value, 2);
  });
}

t.test('CAPTCHA_MODE=throttled: only a throttled send is asked for a CAPTCHA, and a valid token lets it through', async (t) => {
  const siteverify = await fakeSiteverify(t);
  const harness = await startApi(t, {
    CAPTCHA_PROVIDER: 'turnstile',
    CAPTCHA_MODE: 'throttled',
    CAPTCHA_SECRET: SECRET,
    CAPTCHA_VERIFY_URL: siteverify.url,
    GUARD_ALLOWANCE: '2',
  });
  const from = { remoteAddress: '203.0.113.5' };
  t.equal((await harness.send({ phone: '+919876543210' }, from)).statusCode, 202, 'no token needed while the rule is happy');
  t.equal((await harness.send({ phone: '+919812345678' }, from)).statusCode, 202);
  t.equal(siteverify.forms.length, 0);

  const throttled = await harness.send({ phone: '+919823456789' }, from);
  t.match(throttled, { statusCode: 400, body: { code: 'CAPTCHA_REQUIRED', details: { reason: 'throttled' } } });
  t.equal(throttled.headers['retry-after'], undefined, 'solve it now: there is nothing to wait for');
  t.match(await harness.send({ phone: '+919823456789', captchaToken: 'forged' }, from), { statusCode: 403, body: { code: 'CAPTCHA_INVALID' } });
  t.equal((await harness.send({ phone: '+919823456789', captchaToken: GOOD_TOKEN }, from)).statusCode, 202, 'a valid token goes through');
  t.equal((await harness.jobs()).length, 3);
  const decisions = Object.fromEntries((await harness.api.metrics.guardDecisions.get()).values.map((v) => [v.labels.decision, v.value]));
  t.same(decisions, { allowed: 2, captcha_required: 1, captcha_passed: 1 });
});

t.test('without a CAPTCHA provider a throttled send answers 429 SEND_THROTTLED with Retry-After', async (t) => {
  const harness = await startApi(t, { GUARD_ALLOWANCE: '1' });
  t.equal((await harness.send({ phone: '+919876543210' })).statusCode, 202);
  t.match(await harness.send({ phone: '+919812345678' }), { statusCode: 429, body: { code: 'SEND_THROTTLED' }, headers: { 'retry-after': /^[1-9]\d*$/ } });
});

t.test('an unreachable CAPTCHA provider fails closed with 503', async (t) => {
  // Nothing listens on the discard port of loopback: the connection is refused.
  const harness = await startApi(t, { CAPTCHA_PROVIDER: 'turnstile', CAPTCHA_SECRET: SECRET, CAPTCHA_VERIFY_URL: 'http://127.0.0.1:9/siteverify' });
  t.match(await harness.send({ phone: '+919876543210', captchaToken: GOOD_TOKEN }), { statusCode: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
  t.same(await harness.jobs(), []);
});
