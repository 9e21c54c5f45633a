import { ApiKeyRegistry } from '@otp/api';
import { SmsQueue } from '@otp/queue';
import { signTwilioWebhook } from '@otp/testkit';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { MSG91_AUTH_KEY, PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, startFakeProviders } from '../support/providers.js';
import { startService, type RunningService } from '../support/service.js';

const API_KEY = 'leak-scan-api-key-7f3c9e21d4b8a605';
const CAPTCHA_SECRET = 'leak-scan-captcha-secret-5b1e';
/** Held during an OTP_SECRET rotation: scanned for like the current secret. */
const PREVIOUS_SECRET = 'leak-scan-previous-otp-secret-3f9a27c1d0e4b8a6';
const CAPTCHA_TOKEN = 'leak-scan-captcha-token';
const PHONES = ['+919876543210', '+919812345670', '+919900112233'];
const LAST_OF_BUDGET = '+919811122233';
const OVER_BUDGET = '+919811122244';
const US_PHONE = '+14155552671';
const TOLL_FREE = '+911800123456';

const STATUS_PATH = '/webhooks/twilio/status';
const DLR_PATH = '/webhooks/msg91/dlr';
const MSG91_WEBHOOK_SECRET = 'leak-scan-msg91-webhook-secret-3c81';
/** A wrong secret in the query string: a log line must not show it either. */
const FORGED_WEBHOOK_SECRET = 'leak-scan-forged-webhook-secret-77d0';
/** Its provider answers with prose that quotes the number, first transiently, then for good. */
const FAILING_PHONE = '+919822233344';
/** Its code's Redis key is given the wrong type, so verifying the right code fails inside Redis. */
const REDIS_FAULT_PHONE = '+919833344455';
/** An HMAC-SHA256 in base64url, however a stored code record wraps it. */
const STORED_HMAC = /[A-Za-z0-9_-]{43}/;

/**
 * The SMS providers the scan runs against. Each gives the env the service runs
 * with and reads the delivered code back the way a user would; the channel it
 * reads from (the development console, the fake provider server) is the one
 * place a code is meant to be.
 */
interface ProviderUnderTest {
  name: string;
  start(t: Tap): Promise<ProviderRun>;
}
interface ProviderRun {
  env: Record<string, string>;
  /** Read after the run: some, like the Basic-auth header the SDK builds, exist only once it has sent. */
  secrets(): string[];
  codeFor(service: RunningService, phone: string): Promise<string>;
  /** HTTP round trips only this provider has (its webhooks); their response bodies join the scan. */
  roundTrips(service: RunningService, requestId: string): Promise<string[]>;
  /**
   * Makes the provider's next two answers failures whose text quotes `phone`, as
   * real providers' texts do: a transient one, then a permanent one. Absent for a
   * provider that cannot fail.
   */
  failNextWithProse?(phone: string): void;
  /**
   * The development provider prints the code to the worker console: that line is
   * the SMS itself, so the console is exempt from the scan in that run only.
   */
  consoleHoldsCodes: boolean;
}
type Tap = { teardown(fn: () => Promise<void> | void): void };

const PROVIDERS: ProviderUnderTest[] = [
  {
    name: 'development',
    start: async () => ({
      env: { SMS_PROVIDER: 'development' },
      secrets: () => [],
      async codeFor(service, phone) {
        await service.inbox.waitFor(phone, 1);
        return service.inbox.lastCodeFor(phone) as string;
      },
      roundTrips: async () => [],
      consoleHoldsCodes: true,
    }),
  },
  {
    name: 'twilio',
    async start(t) {
      const { env, twilio } = await startFakeProviders(t);
      const sentTo = (phone: string) => twilio.messages.filter((message) => message.To === phone);
      return {
        env,
        secrets: () => {
          const basicAuth = /^Basic (.+)$/.exec(twilio.requests[0]?.headers.authorization ?? '')?.[1];
          if (!basicAuth) throw new Error('the SDK sent no Basic-auth header');
          return [TWILIO_AUTH_TOKEN, MSG91_AUTH_KEY, basicAuth];
        },
        async codeFor(_service, phone) {
          await twilio.waitUntil(() => sentTo(phone).length > 0, 15_000, `an SMS to ${phone}`);
          return sentTo(phone).at(-1)?.Body?.match(/\b\d{4,10}\b/)?.[0] as string;
        },
        async roundTrips(service, requestId) {
          const { providerMessageId } = await service.waitForRecord(requestId, (record) => record.status === 'sent');
          const params = { AccountSid: TWILIO_ACCOUNT_SID, MessageSid: providerMessageId as string, MessageStatus: 'delivered', To: PHONES[0] as string };
          const callback = (signature: string) =>
            service.api.app.inject({
              method: 'POST',
              url: STATUS_PATH,
              headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
              payload: new URLSearchParams(params).toString(),
            });
          const signed = await callback(signTwilioWebhook(TWILIO_AUTH_TOKEN, `${PUBLIC_BASE_URL}${STATUS_PATH}`, params));
          const forged = await callback(signTwilioWebhook('not-the-token', `${PUBLIC_BASE_URL}${STATUS_PATH}`, params));
          if (signed.statusCode !== 204 || forged.statusCode !== 403) {
            throw new Error(`status callbacks answered ${signed.statusCode} (signed) and ${forged.statusCode} (forged)`);
          }
          await service.waitForRecord(requestId, (record) => record.status === 'delivered');
          return [signed.body, forged.body];
        },
        failNextWithProse(phone) {
          const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 8)} ${phone.slice(8)}`;
          twilio.script(
            { kind: 'error', status: 503, code: 20503, message: `Service temporarily unavailable for ${spaced}` },
            { kind: 'error', status: 400, code: 21211, message: `The 'To' number ${phone} is not a valid phone number.` },
          );
        },
        consoleHoldsCodes: false,
      };
    },
  },
  {
    name: 'msg91',
    async start(t) {
      const { env, msg91 } = await startFakeProviders(t);
      const sentTo = (phone: string) => msg91.otps.filter((otp) => otp.mobile === phone.slice(1));
      return {
        env: { ...env, SMS_PROVIDER: 'msg91', MSG91_WEBHOOK_SECRET },
        secrets: () => [MSG91_AUTH_KEY, MSG91_WEBHOOK_SECRET, FORGED_WEBHOOK_SECRET],
        async codeFor(_service, phone) {
          await msg91.waitUntil(() => sentTo(phone).length > 0, 15_000, `an OTP to ${phone}`);
          return sentTo(phone).at(-1)?.otp as string;
        },
        async roundTrips(service, requestId) {
          const { providerMessageId } = await service.waitForRecord(requestId, (record) => record.status === 'sent');
          const report = [{ requestId: providerMessageId, report: [{ status: '1' }] }];
          const post = (url: string, headers: Record<string, string> = {}) => service.api.app.inject({ method: 'POST', url, headers, payload: report });
          // MSG91's panel only takes a URL, so the secret may come in the query string; a header is the better way.
          const viaQuery = await post(`${DLR_PATH}?secret=${MSG91_WEBHOOK_SECRET}`);
          const viaHeader = await post(DLR_PATH, { 'x-webhook-secret': MSG91_WEBHOOK_SECRET });
          const forged = await post(`${DLR_PATH}?secret=${FORGED_WEBHOOK_SECRET}`);
          if (viaQuery.statusCode !== 204 || viaHeader.statusCode !== 204 || forged.statusCode !== 403) {
            throw new Error(`delivery reports answered ${viaQuery.statusCode} (query), ${viaHeader.statusCode} (header), ${forged.statusCode} (forged)`);
          }
          await service.waitForRecord(requestId, (record) => record.status === 'delivered');
          return [viaQuery.body, viaHeader.body, forged.body];
        },
        failNextWithProse(phone) {
          const digits = phone.slice(1);
          msg91.script(
            { kind: 'error', status: 503, message: `Temporary failure delivering to ${digits}` },
            { kind: 'error', status: 400, message: `Invalid mobile number ${digits}` },
          );
        },
        consoleHoldsCodes: false,
      };
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
  t.test(`no code, API key or secret reaches logs, Redis, job data or HTTP bodies (${provider.name} provider)`, async (t) => {
    const run = await provider.start(t);
    const service = await startService(t, {
      ...run.env,
      API_KEYS: `shop:${ApiKeyRegistry.hash(API_KEY)}`,
      CAPTCHA_PROVIDER: 'turnstile',
      CAPTCHA_SECRET,
      CAPTCHA_VERIFY_URL: await fakeSiteverify(t),
      OTP_MAX_ATTEMPTS: '2',
      PHONE_LOCKOUT_THRESHOLD: '2',
      SMS_DAILY_BUDGET: '4',
      // All four may go to strangers: no share of the budget is kept for trusted phones.
      GUARD_TRUSTED_RESERVE_PERCENT: '0',
      LOG_LEVEL: 'debug',
      OTP_SECRET_PREVIOUS: PREVIOUS_SECRET,
    });
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
    const requestIds: string[] = [];
    for (const phone of PHONES) {
      const response = await send(phone);
      t.equal(response.statusCode, 202);
      requestIds.push(response.json().requestId as string);
      codes.push(await run.codeFor(service, phone));
    }
    const [first, second, third] = codes as [string, string, string];
    t.equal((await verify(PHONES[0] as string, first)).statusCode, 200);
    t.equal((await verify(PHONES[0] as string, first)).statusCode, 400, 'replay refused');
    const wrong = second === '000000' ? '111111' : '000000';
    t.equal((await verify(PHONES[1] as string, wrong)).statusCode, 400);
    t.equal((await verify(PHONES[1] as string, wrong)).statusCode, 429, 'the code dies and the phone locks');
    t.equal((await send(PHONES[2] as string)).statusCode, 429, 'resend cooldown');
    t.equal((await send(LAST_OF_BUDGET)).statusCode, 202, 'the last SMS of the budget');
    codes.push(await run.codeFor(service, LAST_OF_BUDGET));
    t.equal((await send(OVER_BUDGET)).statusCode, 503, 'budget exhausted');
    t.equal((await send(PHONES[2] as string, {}, 'wrong-key')).statusCode, 401);
    t.equal((await send(PHONES[2] as string, {}, '')).statusCode, 401);
    t.equal((await send(PHONES[2] as string, { captchaToken: 'forged' })).statusCode, 403);
    t.equal((await send(US_PHONE)).statusCode, 403);
    t.equal((await send(TOLL_FREE)).statusCode, 400);
    t.equal((await verify(PHONES[2] as string, third)).statusCode, 200);

    // The delivery side: the provider's webhooks, then the status API a client polls.
    bodies.push(...(await run.roundTrips(service, requestIds[0] as string)));
    await service.waitForRecord(requestIds[0] as string, (record) => record.status !== 'queued' && record.status !== 'sending');
    const status = await service.api.app.inject({ method: 'GET', url: `/api/v1/auth/otp-requests/${requestIds[0]}`, headers: { 'x-api-key': API_KEY } });
    t.equal(status.statusCode, 200, 'the delivery status is readable');
    bodies.push(status.body);

    t.equal(codes.length, 4, 'every delivered code is scanned for');
    await scanForLeaks(t, service, run, {
      bodies,
      codes,
      phones: [...PHONES, LAST_OF_BUDGET, OVER_BUDGET, US_PHONE],
      jobs: 4,
    });
  });

  t.test(`provider and Redis failures leave no number, HMAC or secret in logs, jobs or Redis (${provider.name} provider)`, async (t) => {
    const run = await provider.start(t);
    const service = await startService(t, {
      ...run.env,
      API_KEYS: `shop:${ApiKeyRegistry.hash(API_KEY)}`,
      LOG_LEVEL: 'debug',
      OTP_SECRET_PREVIOUS: PREVIOUS_SECRET,
    });
    const bodies: string[] = [];
    const call = async (url: string, payload: Record<string, unknown>) => {
      const response = await service.api.app.inject({ method: 'POST', url, payload, headers: { 'x-api-key': API_KEY } });
      bodies.push(response.body);
      return response;
    };
    const codes: string[] = [];

    // A provider whose error texts quote the number: the retry and the final failure go to logs and to BullMQ.
    run.failNextWithProse?.(FAILING_PHONE);
    const failing = await call('/api/v1/auth/send-otp', { phone: FAILING_PHONE });
    t.equal(failing.statusCode, 202);
    codes.push(await run.codeFor(service, FAILING_PHONE));
    const failingId = failing.json().requestId as string;
    const expected = run.failNextWithProse ? 'failed' : 'sent';
    await service.waitForRecord(failingId, (record) => record.status === expected || record.status === 'delivered');
    if (run.failNextWithProse) t.match(await jobOf(service, failingId), { failedReason: /^permanent_error: \w+ permanent failure, code \w+$/ }, 'BullMQ keeps the error code');

    // Redis fails inside the verify script, whose arguments hold the key names and the HMAC of the right code: the stored one.
    t.equal((await call('/api/v1/auth/send-otp', { phone: REDIS_FAULT_PHONE })).statusCode, 202);
    const code = await run.codeFor(service, REDIS_FAULT_PHONE);
    codes.push(code);
    const record = (await service.ns.dump()).find((entry) => entry.key.includes(REDIS_FAULT_PHONE.slice(-10)) && STORED_HMAC.test(entry.value));
    const storedHmac = STORED_HMAC.exec(record?.value ?? '')?.[0];
    t.ok(record && storedHmac, 'the stored code record is found');
    await service.ns.redis.multi().del(record?.key as string).rpush(record?.key as string, 'not a code record').exec();
    const broken = await call('/api/v1/auth/verify-otp', { phone: REDIS_FAULT_PHONE, otp: code });
    t.ok(broken.statusCode >= 500, 'the verify fails on our side');
    const failure = service.logs.lines().find((line) => line.msg === 'request failed') as { err?: { command?: object } } | undefined;
    t.match(failure?.err?.command, { name: /^eval/ }, 'the failed script call is logged by name…');
    t.notOk(failure?.err?.command && 'args' in failure.err.command, '…without its arguments');

    await scanForLeaks(t, service, run, { bodies, codes, phones: [FAILING_PHONE, REDIS_FAULT_PHONE], jobs: 2, extraSecrets: [storedHmac as string] });
  });
}

async function jobOf(service: RunningService, requestId: string): Promise<Record<string, unknown>> {
  const queue = new SmsQueue({ connection: service.ns.redis, prefix: service.ns.queuePrefix, onError: () => undefined });
  const job = await queue.queue.getJob(requestId);
  await queue.close();
  return { failedReason: job?.failedReason, stacktrace: job?.stacktrace };
}

interface Scanned {
  bodies: string[];
  codes: string[];
  /** Numbers that must appear in no log line, job, Redis value or HTTP body (key names hold them by design). */
  phones: string[];
  /** Jobs the run queued. */
  jobs: number;
  extraSecrets?: string[];
}

/**
 * Scans logs, every Redis value, every job (its data, failedReason and stack
 * traces) and every HTTP body for each code (as a whole number), the API key,
 * OTP_SECRET and OTP_SECRET_PREVIOUS, the provider's secrets and `extraSecrets`, and for every phone
 * number, spelled by its national digits so a full number is caught with or
 * without its country code.
 */
async function scanForLeaks(t: Test, service: RunningService, run: ProviderRun, scanned: Scanned): Promise<void> {
  const queue = new SmsQueue({ connection: service.ns.redis, prefix: service.ns.queuePrefix, onError: (error) => t.error(error) });
  const jobs = (await queue.queue.getJobs()).map((job) => JSON.stringify({ data: job.data, failedReason: job.failedReason, stacktrace: job.stacktrace }));
  await queue.close();
  t.equal(jobs.length, scanned.jobs, 'every job is scanned');
  const dump = await service.ns.dump();
  const logs = service.logs.text();
  t.ok(logs.length > 0 && dump.length > 0, 'there is something to scan');

  const secrets = [API_KEY, service.config.api.otp.secret, PREVIOUS_SECRET, CAPTCHA_SECRET, ...run.secrets(), ...(scanned.extraSecrets ?? [])];
  const sources: Record<string, string[]> = {
    logs: [logs],
    'Redis values': dump.map((entry) => entry.value),
    'Redis keys': dump.map((entry) => entry.key),
    jobs,
    'HTTP bodies': scanned.bodies,
  };
  if (run.consoleHoldsCodes) t.ok(service.inbox.messages.length > 0, 'the development console carries the SMS (exempt: it is the SMS)');
  else sources.console = service.inbox.messages.map((message) => message.body);
  for (const [source, texts] of Object.entries(sources)) {
    const text = texts.join('\n');
    for (const secret of secrets) t.notOk(text.includes(secret), `${source}: no secret (${secret.slice(0, 4)}…)`);
    // A code is a bare run of digits: match it only as a whole number, not inside timestamps or ids.
    for (const code of scanned.codes) t.notOk(new RegExp(`(?<![0-9])${code}(?![0-9])`).test(text), `${source}: no code`);
    // Key names hold the number by design (its hash tag finds the code); nothing else may.
    if (source === 'Redis keys') continue;
    for (const phone of scanned.phones) t.notOk(text.includes(phone.slice(-10)), `${source}: no number ${phone.slice(0, 3)}…${phone.slice(-4)}`);
  }
  t.match(logs, /\+91\*{6}\d{4}/, 'logs carry masked numbers');
}
