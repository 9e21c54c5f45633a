import { randomUUID } from 'node:crypto';
import { ApiKeyRegistry } from '@otp/api';
import t from 'tap';
import { startApi, wrongCode, type ApiHarness, type Reply } from './api-harness.js';

const SHOP_KEY = 'tenant-test-key-shop-0123456789';
const BANK_KEY = 'tenant-test-key-bank-0123456789';
const BLOG_KEY = 'tenant-test-key-blog-0123456789';
const PHONE = '+919876543210';
const NEVER_SENT = '+919812345678';

const KEYS = `shop:${ApiKeyRegistry.hash(SHOP_KEY)},bank:${ApiKeyRegistry.hash(BANK_KEY)},blog:${ApiKeyRegistry.hash(BLOG_KEY)}`;
const as = (key: string) => ({ headers: { 'x-api-key': key } });

/** Headers that differ between any two requests: the per-IP limiter's countdown and the clock. */
const PER_REQUEST_HEADERS = new Set(['ratelimit-remaining', 'ratelimit-reset', 'date']);

/** What a client can observe of an answer: status, body, and every header that does not change per request. */
function observable(reply: Reply) {
  const headers = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => !PER_REQUEST_HEADERS.has(name)));
  return { statusCode: reply.statusCode, body: reply.body, headers };
}

/** Every OTP key of one app with its value and the time it has left. */
async function stateOf(harness: ApiHarness, app: string) {
  const entries = (await harness.ns.dump()).filter((entry) => entry.key.includes(`}:${app}:`));
  return Promise.all(entries.sort((a, b) => a.key.localeCompare(b.key)).map(async (entry) => ({ ...entry, ttlMs: await harness.ns.redis.pttl(entry.key) })));
}

async function status(harness: ApiHarness, requestId: string, key: string) {
  const response = await harness.api.app.inject({ method: 'GET', url: `/api/v1/auth/otp-requests/${requestId}`, headers: { 'x-api-key': key } });
  return { statusCode: response.statusCode, body: response.json() as Record<string, unknown> };
}

t.test("another app's key verifies exactly as if no code existed, and leaves the code and its counts alone", async (t) => {
  const harness = await startApi(t, { API_KEYS: KEYS });
  const sent = await harness.send({ phone: PHONE }, as(SHOP_KEY));
  const code = await harness.codeOf(sent.body.requestId as string);
  const before = await stateOf(harness, 'shop');

  const noCode = await harness.verify(NEVER_SENT, code, as(BANK_KEY));
  t.match(noCode.body, { code: 'OTP_EXPIRED' });
  // The right code and more wrong guesses than any lockout allows, all through bank's key.
  const crossApp = [await harness.verify(PHONE, code, as(BANK_KEY))];
  for (let i = 0; i < 12; i++) crossApp.push(await harness.verify(PHONE, wrongCode(code), as(BANK_KEY)));
  for (const reply of crossApp) t.same(observable(reply), observable(noCode), 'same status, body and headers as a phone with no code');

  const after = await stateOf(harness, 'shop');
  t.same(
    after.map(({ key, value }) => ({ key, value })),
    before.map(({ key, value }) => ({ key, value })),
    "shop's code, attempts, cooldown and caps are untouched",
  );
  t.ok(
    after.every((entry, i) => entry.ttlMs <= (before[i]?.ttlMs ?? 0)),
    'and no expiry was pushed out',
  );
  t.same(await stateOf(harness, 'bank'), [], 'and bank stored nothing: a guess at no code counts nowhere');
  t.match(await harness.verify(PHONE, wrongCode(code), as(SHOP_KEY)), { body: { code: 'OTP_INVALID', details: { attemptsRemaining: 4 } } });
  t.same((await harness.verify(PHONE, code, as(SHOP_KEY))).body, { verified: true }, 'the owner still verifies it');
});

t.test("a status lookup of another app's request answers 404 like an unknown id", async (t) => {
  const harness = await startApi(t, { API_KEYS: KEYS });
  const sent = await harness.send({ phone: PHONE }, as(SHOP_KEY));
  const requestId = sent.body.requestId as string;

  t.match(await status(harness, requestId, SHOP_KEY), { statusCode: 200, body: { requestId, status: 'queued', phone: '+91******3210' } });
  t.notOk('app' in (await status(harness, requestId, SHOP_KEY)).body, 'the record does not echo the app');
  const unknown = await status(harness, randomUUID(), BANK_KEY);
  t.same(unknown, { statusCode: 404, body: { statusCode: 404, code: 'OTP_REQUEST_NOT_FOUND', message: 'No OTP request with this id.' } });
  t.same(await status(harness, requestId, BANK_KEY), unknown, "bank cannot tell shop's request from one that never existed");
});

t.test('cooldowns and per-phone caps are per app; one ceiling per phone holds across apps', async (t) => {
  const harness = await startApi(t, { API_KEYS: KEYS, PHONE_DAILY_SEND_LIMIT: '2', PHONE_GLOBAL_DAILY_SEND_LIMIT: '4' });
  t.equal((await harness.send({ phone: PHONE }, as(SHOP_KEY))).statusCode, 202);
  t.equal((await harness.send({ phone: PHONE }, as(BANK_KEY))).statusCode, 202, "shop's cooldown does not hold bank back");
  t.match(await harness.send({ phone: PHONE }, as(SHOP_KEY)), { statusCode: 429, body: { code: 'OTP_RESEND_COOLDOWN' } });

  // Past the cooldowns: each app has its own daily cap of 2, and the phone one of 4 across all apps.
  const pastCooldowns = async () => harness.ns.redis.del(...(await harness.storedKeys()).filter((key) => key.endsWith(':cooldown')));
  await pastCooldowns();
  t.equal((await harness.send({ phone: PHONE }, as(SHOP_KEY))).statusCode, 202);
  await pastCooldowns();
  t.match(await harness.send({ phone: PHONE }, as(SHOP_KEY)), { statusCode: 429, body: { code: 'PHONE_SEND_LIMIT', details: { limit: 'day' } } }, "shop's own cap");
  t.equal((await harness.send({ phone: PHONE }, as(BANK_KEY))).statusCode, 202, 'bank has its own');
  t.match(
    await harness.send({ phone: PHONE }, as(BLOG_KEY)),
    { statusCode: 429, body: { code: 'PHONE_SEND_LIMIT', details: { limit: 'day' } }, headers: { 'ratelimit-limit': '4' } },
    'a third app finds the phone at its all-apps ceiling, answered like a daily cap',
  );
  t.equal((await harness.jobs()).length, 4, 'four SMS to the phone, from two apps, and no more');
  t.equal((await harness.send({ phone: NEVER_SENT }, as(BLOG_KEY))).statusCode, 202, 'other phones are unaffected');
});

t.test("an app's test numbers are its own: to every other app they are ordinary numbers", async (t) => {
  const settings = { shop: { testPhoneNumbers: { '+15550000001': '123456', '+919999999999': '654321' } } };
  const harness = await startApi(t, { API_KEYS: KEYS, APP_SETTINGS: JSON.stringify(settings) });
  t.equal((await harness.send({ phone: '+15550000001' }, as(SHOP_KEY))).statusCode, 202);
  t.same(await harness.jobs(), [], 'a test number is sent nothing');
  t.match(await harness.send({ phone: '+15550000001' }, as(BANK_KEY)), { statusCode: 400, body: { code: 'PHONE_INVALID' } }, 'for bank, a fictional number');

  t.equal((await harness.send({ phone: '+919999999999' }, as(BANK_KEY))).statusCode, 202, 'for bank, a real number that gets an SMS');
  t.equal((await harness.jobs()).length, 1);
  t.match(await harness.verify('+919999999999', '654321', as(BANK_KEY)), { body: { code: 'OTP_INVALID' } }, "shop's fixed code opens nothing of bank's");
  t.equal((await harness.send({ phone: '+919999999999' }, as(SHOP_KEY))).statusCode, 202, "bank's send and cooldown are not shop's");
  t.same((await harness.verify('+919999999999', '654321', as(SHOP_KEY))).body, { verified: true });
});

t.test('without API_KEYS everything belongs to one implicit app, and the seed commands work as before', async (t) => {
  const harness = await startApi(t, { TEST_PHONE_NUMBERS: '+15550000001:123456' });
  const sent = await harness.send({ phone: PHONE });
  t.equal(sent.statusCode, 202);
  t.match(await harness.jobs(), [{ requestId: sent.body.requestId, app: 'default' }]);
  t.same((await harness.verify(PHONE, await harness.codeOf(sent.body.requestId as string))).body, { verified: true });
  t.match(await status(harness, sent.body.requestId as string, ''), { statusCode: 200, body: { requestId: sent.body.requestId } });
  t.equal((await harness.send({ phone: '+15550000001' })).statusCode, 202);
  t.same((await harness.verify('+15550000001', '123456')).body, { verified: true }, 'TEST_PHONE_NUMBERS are the implicit app’s');
});
