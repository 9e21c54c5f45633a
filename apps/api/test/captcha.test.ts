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

t.test('an unreachable CAPTCHA provider fails closed with 503', async (t) => {
  // Nothing listens on the discard port of loopback: the connection is refused.
  const harness = await startApi(t, { CAPTCHA_PROVIDER: 'turnstile', CAPTCHA_SECRET: SECRET, CAPTCHA_VERIFY_URL: 'http://127.0.0.1:9/siteverify' });
  t.match(await harness.send({ phone: '+919876543210', captchaToken: GOOD_TOKEN }), { statusCode: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
  t.same(await harness.jobs(), []);
});
