import { ApiKeyRegistry } from '@otp/guard';
import { SmsQueue } from '@otp/queue';
import type { SmsProvider } from '@otp/sms';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startService, type RunningService } from '../support/service.js';

const API_KEY = 'leak-scan-api-key-7f3c9e21d4b8a605';
const CAPTCHA_SECRET = 'leak-scan-captcha-secret-5b1e';
const CAPTCHA_TOKEN = 'leak-scan-captcha-token';
const PHONES = ['+919876543210', '+919812345670', '+919900112233'];

/**
 * The SMS providers the scan runs against. Each gives the env and provider the
 * service runs with and reads the delivered code back the way a user would;
 * the channel it reads from (console, fake provider server) is the one place a
 * code is meant to be.
 */
interface ProviderUnderTest {
  name: string;
  start(t: Tap): Promise<{ env: Record<string, string>; provider?: SmsProvider; secrets: string[] }>;
  codeFor(service: RunningService, phone: string): Promise<string>;
}
type Tap = { teardown(fn: () => Promise<void> | void): void };

const PROVIDERS: ProviderUnderTest[] = [
  {
    name: 'development',
    start: async () => ({ env: { SMS_PROVIDER: 'development' }, secrets: [] }),
    async codeFor(service, phone) {
      const before = service.inbox.to(phone).length;
      await service.inbox.waitFor(phone, before === 0 ? 1 : before);
      return service.inbox.lastCodeFor(phone) as string;
    },
  },
];

async function fakeSiteverify(t: Tap): Promise<string> {
  const server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const form = new URLSearchParams(raw);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ success: form.get('secret') === CAPTCHA_SECRET && form.get('response') === CAPTCHA_TOKEN }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`;
}

for (const provider of PROVIDERS) {
  t.test(`no code, API key or secret reaches logs, Redis, job data or error bodies (${provider.name} provider)`, async (t) => {
    const { env, provider: smsProvider, secrets: providerSecrets } = await provider.start(t);
    const service = await startService(
      t,
      {
        ...env,
        API_KEYS: `shop:${ApiKeyRegistry.hash(API_KEY)}`,
        CAPTCHA_PROVIDER: 'turnstile',
        CAPTCHA_SECRET,
        CAPTCHA_VERIFY_URL: await fakeSiteverify(t),
        OTP_MAX_ATTEMPTS: '2',
        PHONE_LOCKOUT_THRESHOLD: '1',
        SMS_DAILY_BUDGET: '4',
        LOG_LEVEL: 'debug',
      },
      smsProvider ? { provider: smsProvider } : {},
    );
    const bodies: string[] = [];
    const call = async (url: string, payload: Record<string, unknown>, key: string | undefined = API_KEY) => {
      const response = await service.api.app.inject({ method: 'POST', url, payload, headers: key ? { 'x-api-key': key } : {} });
      bodies.push(response.body);
      return response;
    };
    const send = (phone: string, extra: Record<string, unknown> = {}, key?: string) =>
      call('/api/v1/auth/send-otp', { phone, captchaToken: CAPTCHA_TOKEN, ...extra }, key);
    const verify = (phone: string, otp: string) => call('/api/v1/auth/verify-otp', { phone, otp });

    // The happy path for three phones, then every kind of refusal along the way.
    const codes: string[] = [];
    for (const phone of PHONES) {
      t.equal((await send(phone)).statusCode, 202);
      codes.push(await provider.codeFor(service, phone));
    }
    const [first, second, third] = codes as [string, string, string];
    t.equal((await verify(PHONES[0] as string, first)).statusCode, 200);
    t.equal((await verify(PHONES[0] as string, first)).statusCode, 400, 'replay refused');
    const wrong = second === '000000' ? '111111' : '000000';
    t.equal((await verify(PHONES[1] as string, wrong)).statusCode, 400);
    t.equal((await verify(PHONES[1] as string, wrong)).statusCode, 429, 'the code dies and the phone locks');
    t.equal((await send(PHONES[2] as string)).statusCode, 429, 'resend cooldown');
    t.equal((await send('+919811122233')).statusCode, 202, 'the last SMS of the budget');
    codes.push(await provider.codeFor(service, '+919811122233'));
    t.equal((await send('+919811122244')).statusCode, 503, 'budget exhausted');
    t.equal((await send(PHONES[2] as string, {}, 'wrong-key')).statusCode, 401);
    t.equal((await send(PHONES[2] as string, {}, '')).statusCode, 401);
    t.equal((await send(PHONES[2] as string, { captchaToken: 'forged' })).statusCode, 403);
    t.equal((await send('+14155552671')).statusCode, 403);
    t.equal((await send('+911800123456')).statusCode, 400);
    t.equal((await verify(PHONES[2] as string, third)).statusCode, 200);

    const queue = new SmsQueue({ connection: service.ns.redis, prefix: service.ns.queuePrefix, onError: (error) => t.error(error) });
    const jobData = (await queue.queue.getJobs()).map((job) => JSON.stringify(job.data));
    await queue.close();
    t.equal(jobData.length, 4);
    const dump = (await service.ns.dump()).map((entry) => `${entry.key} ${entry.value}`);
    const logs = service.logs.text();
    t.ok(logs.length > 0 && dump.length > 0, 'there is something to scan');

    const secrets = [API_KEY, service.config.otp.secret, CAPTCHA_SECRET, ...providerSecrets];
    const sources = { logs: [logs], redis: dump, jobs: jobData, 'error bodies': bodies };
    for (const [source, texts] of Object.entries(sources)) {
      const text = texts.join('\n');
      for (const secret of secrets) t.notOk(text.includes(secret), `${source}: no secret (${secret.slice(0, 4)}…)`);
      // A code is a bare run of digits: match it only as a whole number, not inside timestamps or ids.
      for (const code of codes) t.notOk(new RegExp(`(?<![0-9])${code}(?![0-9])`).test(text), `${source}: no code`);
    }
    for (const phone of PHONES) t.notOk(logs.includes(phone), 'logs mask phone numbers');
    t.ok(logs.includes('+91******3210'), 'logs carry the masked number');
  });
}
