import { OtpStore, type PhoneLimits } from '@otp/otp';
import { createRedisNamespace } from '@otp/testkit';
import t from 'tap';

const PHONE = '+919876543210';
const POLICY = { length: 6, ttlSeconds: 600, maxAttempts: 2, resendCooldownSeconds: 0 };
const LIMITS: PhoneLimits = {
  sendLimit: 3,
  sendWindowSeconds: 3600,
  dailySendLimit: 4,
  lockoutThreshold: 2,
  lockoutWindowSeconds: 86_400,
  lockoutSeconds: 1800,
};

async function setup(t: { teardown(fn: () => Promise<void>): void }, limits: Partial<PhoneLimits> = {}) {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const store = new OtpStore(ns.redis, { keyPrefix: ns.keyPrefix, secret: 'x'.repeat(32), policy: POLICY, phoneLimits: { ...LIMITS, ...limits } });
  return { ns, store };
}

t.test('the per-window cap refuses the send after the limit, with the wait until the window ends', async (t) => {
  const { store } = await setup(t);
  for (let i = 0; i < 3; i++) await store.issue(PHONE);
  const refusal = await store.issue(PHONE).catch((error: unknown) => error);
  t.match(refusal, { code: 'PHONE_SEND_LIMIT', details: { limit: 'window' }, rateLimit: { limit: 3, remaining: 0 } });
  t.ok((refusal as { retryAfterSeconds: number }).retryAfterSeconds > 3500, 'Retry-After runs to the end of the hour');
  await t.resolves(store.issue('+919876543211'), 'another phone is unaffected');
});

t.test('the daily cap holds once the window cap allows again', async (t) => {
  const { ns, store } = await setup(t, { sendLimit: 10, dailySendLimit: 4 });
  for (let i = 0; i < 4; i++) await store.issue(PHONE);
  await t.rejects(store.issue(PHONE), { code: 'PHONE_SEND_LIMIT', details: { limit: 'day' }, rateLimit: { limit: 4 } });
  // A refusal writes nothing: the daily count stays at the cap.
  t.equal(await ns.redis.get(`${ns.keyPrefix}otp:{${PHONE}}:sends:day`), '4');
});

t.test('a revoked send (its job could not be queued) gives its counts back', async (t) => {
  const { store } = await setup(t);
  for (let i = 0; i < 2; i++) await store.issue(PHONE);
  const third = await store.issue(PHONE);
  await store.revoke(PHONE, third.requestId);
  await t.resolves(store.issue(PHONE), 'the withdrawn send did not count');
  await t.rejects(store.issue(PHONE), { code: 'PHONE_SEND_LIMIT' });
});

t.test('lockout: after enough codes die from wrong guesses the phone gets no code and no verification', async (t) => {
  const { store } = await setup(t);
  const wrong = async (code: string) => store.verify(PHONE, code === '000000' ? '111111' : '000000').catch((e: unknown) => e);

  const first = await store.issue(PHONE);
  t.match(await wrong(first.code), { code: 'OTP_INVALID', details: { attemptsRemaining: 1 } });
  t.match(await wrong(first.code), { code: 'OTP_ATTEMPTS_EXCEEDED' }, 'the first dead code does not lock yet');

  const second = await store.issue(PHONE);
  await wrong(second.code);
  const locking = await wrong(second.code);
  t.match(locking, { code: 'PHONE_LOCKED', retryAfterSeconds: 1800, rateLimit: { limit: 2, remaining: 0, resetSeconds: 1800 } });

  await t.rejects(store.issue(PHONE), { code: 'PHONE_LOCKED' }, 'no new code while locked');
  await t.rejects(store.verify(PHONE, second.code), { code: 'PHONE_LOCKED' }, 'not even the right old code');
  await t.resolves(store.issue('+919876543211'), 'other phones are unaffected');
});

t.test('a right answer before the code dies does not count towards the lockout', async (t) => {
  const { store } = await setup(t, { lockoutThreshold: 1 });
  const issued = await store.issue(PHONE);
  await t.rejects(store.verify(PHONE, issued.code === '000000' ? '111111' : '000000'), { code: 'OTP_INVALID' });
  await t.resolves(store.verify(PHONE, issued.code));
  await t.resolves(store.issue(PHONE));
});
