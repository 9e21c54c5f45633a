import { randomUUID } from 'node:crypto';
import { Keyring } from '@otp/keyring';
import { OtpStore, type OtpTarget, type PhoneLimits } from '@otp/otp';
import { createRedisNamespace } from '@otp/testkit';
import t from 'tap';

const PHONE = '+919876543210';
const SHOP: OtpTarget = { app: 'shop', phone: PHONE };
const BANK: OtpTarget = { app: 'bank', phone: PHONE };
const POLICY = { length: 6, ttlSeconds: 600, maxAttempts: 2, resendCooldownSeconds: 0 };
const LIMITS: PhoneLimits = {
  sendLimit: 3,
  sendWindowSeconds: 3600,
  dailySendLimit: 4,
  globalDailySendLimit: 100,
  lockoutThreshold: 3,
  lockoutWindowSeconds: 86_400,
  lockoutSeconds: 1800,
};

async function setup(t: { teardown(fn: () => Promise<void>): void }, limits: Partial<PhoneLimits> = {}) {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const keyring = new Keyring({ current: 'x'.repeat(32) });
  const store = new OtpStore(ns.redis, { keyPrefix: ns.keyPrefix, keyring, policy: POLICY, phoneLimits: { ...LIMITS, ...limits } });
  const issue = (target: OtpTarget = SHOP) => store.issue(target, { requestId: randomUUID() });
  return { ns, store, issue };
}

/** A code guaranteed to differ from `code`. */
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

t.test('the per-window cap refuses the send after the limit, with the wait until the window ends', async (t) => {
  const { issue } = await setup(t);
  for (let i = 0; i < 3; i++) await issue();
  const refusal = await issue().catch((error: unknown) => error);
  t.match(refusal, { code: 'PHONE_SEND_LIMIT', details: { limit: 'window' }, rateLimit: { limit: 3, remaining: 0 } });
  t.ok((refusal as { retryAfterSeconds: number }).retryAfterSeconds > 3500, 'Retry-After runs to the end of the hour');
  await t.resolves(issue({ app: 'shop', phone: '+919876543211' }), 'another phone is unaffected');
  await t.resolves(issue(BANK), 'another app has caps of its own');
});

t.test('the daily cap holds once the window cap allows again', async (t) => {
  const { ns, issue } = await setup(t, { sendLimit: 10, dailySendLimit: 4 });
  for (let i = 0; i < 4; i++) await issue();
  await t.rejects(issue(), { code: 'PHONE_SEND_LIMIT', details: { limit: 'day' }, rateLimit: { limit: 4 } });
  // A refusal writes nothing: the daily count stays at the cap.
  t.equal(await ns.redis.get(`${ns.keyPrefix}otp:{${PHONE}}:shop:sends:day`), '4');
});

t.test('one ceiling holds across apps: SMS to one phone per 24 hours from all apps together', async (t) => {
  const { ns, store, issue } = await setup(t, { globalDailySendLimit: 3, sendLimit: 10, dailySendLimit: 10 });
  await issue(SHOP);
  await issue(BANK);
  await issue({ app: 'blog', phone: PHONE });
  for (const target of [SHOP, BANK, { app: 'news', phone: PHONE }]) {
    await t.rejects(issue(target), { code: 'PHONE_SEND_LIMIT', details: { limit: 'day' }, rateLimit: { limit: 3 } }, `${target.app} is refused`);
  }
  t.equal(await ns.redis.get(`${ns.keyPrefix}otp:{${PHONE}}:global-sends`), '3');
  await t.resolves(store.issue(SHOP, { requestId: randomUUID(), fixedCode: '123456' }), 'a test number sends no SMS and is not held to it');
  await t.resolves(issue({ app: 'shop', phone: '+919876543211' }), 'another phone is unaffected');
});

t.test('a revoked send (its job could not be queued) gives its counts back, the all-apps count included', async (t) => {
  const { ns, store, issue } = await setup(t);
  for (let i = 0; i < 2; i++) await issue();
  const third = await issue();
  await store.revoke(SHOP, third.requestId);
  t.equal(await ns.redis.get(`${ns.keyPrefix}otp:{${PHONE}}:global-sends`), '2');
  await t.resolves(issue(), 'the withdrawn send did not count');
  await t.rejects(issue(), { code: 'PHONE_SEND_LIMIT' });
});

t.test('every wrong guess counts, across resends: the threshold locks the phone for that app, sends and verifies', async (t) => {
  const { store, issue } = await setup(t);
  const first = await issue();
  t.match(await store.verify(SHOP, wrong(first.code)).catch((e: unknown) => e), { code: 'OTP_INVALID', details: { attemptsRemaining: 1 } });
  // A resend replaces the code, but not the count: a fresh code buys no fresh guesses.
  const second = await issue();
  t.match(await store.verify(SHOP, wrong(second.code)).catch((e: unknown) => e), { code: 'OTP_INVALID' });
  const locking = await store.verify(SHOP, wrong(second.code)).catch((e: unknown) => e);
  t.match(locking, { code: 'PHONE_LOCKED', rateLimit: { limit: 3, remaining: 0 } }, 'the third wrong guess locks');
  const waitSeconds = (locking as { retryAfterSeconds: number }).retryAfterSeconds;
  t.ok(waitSeconds > 86_000 && waitSeconds <= 86_400, `the lock lasts until the first guess leaves the 24 h window (${waitSeconds} s)`);

  await t.rejects(issue(), { code: 'PHONE_LOCKED' }, 'no new code while locked');
  await t.rejects(store.verify(SHOP, second.code), { code: 'PHONE_LOCKED' }, 'not even the right code');
  await t.resolves(issue(BANK), 'another app is unaffected');
  await t.resolves(issue({ app: 'shop', phone: '+919876543211' }), 'other phones are unaffected');
});

t.test('a lock lasts at least the shortest lock, even when the window would free a guess sooner', async (t) => {
  const { store, issue } = await setup(t, { lockoutThreshold: 1, lockoutWindowSeconds: 1, lockoutSeconds: 1800 });
  const issued = await issue();
  await t.rejects(store.verify(SHOP, wrong(issued.code)), { code: 'PHONE_LOCKED', retryAfterSeconds: 1800 });
});

t.test('only a success clears the count; guesses at no code or a dead code count nothing', async (t) => {
  const { store, issue } = await setup(t, { sendLimit: 10, dailySendLimit: 10 });
  await t.rejects(store.verify(SHOP, '123456'), { code: 'OTP_EXPIRED' });
  const first = await issue();
  await t.rejects(store.verify(SHOP, wrong(first.code)), { code: 'OTP_INVALID' });
  await t.rejects(store.verify(SHOP, wrong(first.code)), { code: 'OTP_ATTEMPTS_EXCEEDED' }, 'the code dies at OTP_MAX_ATTEMPTS');
  await t.rejects(store.verify(SHOP, wrong(first.code)), { code: 'OTP_ATTEMPTS_EXCEEDED' }, 'a dead code is refused without a count');

  const second = await issue();
  t.same(await store.verify(SHOP, second.code), { requestId: second.requestId, app: 'shop' }, 'a success names its send and app');
  // Two wrong guesses were on the count; after the success three more fit before the lock.
  const third = await issue();
  await t.rejects(store.verify(SHOP, wrong(third.code)), { code: 'OTP_INVALID' });
  await t.rejects(store.verify(SHOP, wrong(third.code)), { code: 'OTP_ATTEMPTS_EXCEEDED' });
  const fourth = await issue();
  await t.rejects(store.verify(SHOP, wrong(fourth.code)), { code: 'PHONE_LOCKED' });
});

t.test('another app cannot see, use or spend a code', async (t) => {
  const { store, issue } = await setup(t, { lockoutThreshold: 1 });
  const issued = await issue(SHOP);
  await t.rejects(store.verify(BANK, issued.code), { code: 'OTP_EXPIRED' }, 'the right code, through another app: no code');
  t.same(await store.inspect(BANK, issued.requestId), { live: false, reason: 'verified_or_expired' });
  t.same(await store.verify(SHOP, issued.code), { requestId: issued.requestId, app: 'shop' }, 'untouched for its own app');
});

t.test('after a rotation, a code stored under the previous secret still verifies; under a dropped one it is gone', async (t) => {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const storeWith = (current: string, previous?: string) =>
    new OtpStore(ns.redis, { keyPrefix: ns.keyPrefix, keyring: new Keyring({ current, previous }), policy: POLICY, phoneLimits: LIMITS });
  const [a, b, c] = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)];
  const before = await storeWith(a).issue(SHOP, { requestId: randomUUID() });
  const left = await storeWith(a).issue(BANK, { requestId: randomUUID() });
  await t.rejects(storeWith(b, a).verify(SHOP, wrong(before.code)), { code: 'OTP_INVALID' }, 'a wrong guess is still wrong');
  t.same(await storeWith(b, a).verify(SHOP, before.code), { requestId: before.requestId, app: 'shop' });
  await t.rejects(storeWith(c, b).verify(BANK, left.code), { code: 'OTP_EXPIRED' }, 'hashed under a secret no longer held: no code');
});

t.test('the failure log keeps only the latest threshold guesses, window after window', async (t) => {
  const { ns, store, issue } = await setup(t, { lockoutThreshold: 2, lockoutWindowSeconds: 1, lockoutSeconds: 1, sendLimit: 100, dailySendLimit: 100 });
  const log = `${ns.keyPrefix}otp:{${PHONE}}:shop:failures`;
  for (let window = 0; window < 3; window++) {
    let issued = await issue().catch(() => undefined);
    // Wait out the lock the previous window ended with, as a guesser would.
    while (!issued) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      issued = await issue().catch(() => undefined);
    }
    await store.verify(SHOP, wrong(issued.code)).catch(() => undefined);
    await store.verify(SHOP, wrong(issued.code)).catch(() => undefined);
    t.ok((await ns.redis.llen(log)) <= 2, `window ${window + 1}: at most 2 entries`);
  }
  t.ok((await ns.redis.pttl(log)) <= 1000, 'and the log expires a window after the last guess');
});
