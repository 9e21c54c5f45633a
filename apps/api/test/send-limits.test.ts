import t from 'tap';
import { startApi, wrongCode } from './api-harness.js';

const PHONE = '+919876543210';

t.test('per-phone caps: at most N sends per window and per day, each a 429 with Retry-After and RateLimit-*', async (t) => {
  const harness = await startApi(t, { OTP_RESEND_COOLDOWN_SECONDS: '0', PHONE_SEND_LIMIT: '2', PHONE_DAILY_SEND_LIMIT: '3' });
  t.same([(await harness.send({ phone: PHONE })).statusCode, (await harness.send({ phone: PHONE })).statusCode], [202, 202]);
  const third = await harness.send({ phone: PHONE });
  t.match(third, {
    statusCode: 429,
    body: { code: 'PHONE_SEND_LIMIT', details: { limit: 'window' } },
    headers: { 'retry-after': /^\d+$/, 'ratelimit-limit': '2', 'ratelimit-remaining': '0', 'ratelimit-reset': /^\d+$/ },
  });
  t.equal((await harness.jobs()).length, 2, 'the refused send queued nothing');

  // The daily cap is separate from the window: drop the window counter as if the hour had passed.
  const windowKey = `${harness.ns.keyPrefix}otp:{${PHONE}}:default:sends`;
  await harness.ns.redis.del(windowKey);
  t.equal((await harness.send({ phone: PHONE })).statusCode, 202);
  await harness.ns.redis.del(windowKey);
  t.match(await harness.send({ phone: PHONE }), { statusCode: 429, body: { code: 'PHONE_SEND_LIMIT', details: { limit: 'day' } }, headers: { 'ratelimit-limit': '3' } });
  t.equal((await harness.send({ phone: '+919876543211' })).statusCode, 202, 'other phones are unaffected');
});

t.test('lockout: when enough wrong guesses at one number add up, across resends, the number is locked', async (t) => {
  const harness = await startApi(t, {
    OTP_RESEND_COOLDOWN_SECONDS: '0',
    OTP_MAX_ATTEMPTS: '2',
    PHONE_LOCKOUT_THRESHOLD: '4',
    PHONE_LOCKOUT_WINDOW_SECONDS: '1200',
    PHONE_LOCKOUT_SECONDS: '1800',
  });
  const guessUntilDead = async () => {
    const sent = await harness.send({ phone: PHONE });
    const wrong = wrongCode(await harness.codeOf(sent.body.requestId as string));
    return [await harness.verify(PHONE, wrong), await harness.verify(PHONE, wrong)];
  };
  const [firstWrong, firstDeath] = await guessUntilDead();
  t.match(firstWrong?.body, { code: 'OTP_INVALID', details: { attemptsRemaining: 1 } });
  t.match(firstDeath?.body, { code: 'OTP_ATTEMPTS_EXCEEDED' });

  const [, locking] = await guessUntilDead();
  t.match(locking, { statusCode: 429, body: { code: 'PHONE_LOCKED' }, headers: { 'retry-after': '1800', 'ratelimit-limit': '4', 'ratelimit-remaining': '0' } });
  t.match(await harness.send({ phone: PHONE }), { statusCode: 429, body: { code: 'PHONE_LOCKED' } }, 'no new code');
  t.match(await harness.verify(PHONE, '123456'), { statusCode: 429, body: { code: 'PHONE_LOCKED' } }, 'no more guesses');
  t.equal((await harness.jobs()).length, 2);
  const rejections = (await harness.api.metrics.guardRejections.get()).values;
  t.equal(rejections.find((v) => v.labels.rule === 'lockout')?.value, 1, 'the refused send is counted');
});

t.test('countries outside the allow list and numbers that cannot take SMS are refused; nothing is stored or queued', async (t) => {
  const harness = await startApi(t);
  t.match(await harness.send({ phone: '+14155552671' }), { statusCode: 403, body: { code: 'PHONE_COUNTRY_NOT_ALLOWED', details: { country: 'US' } } });
  t.match(await harness.send({ phone: '+911800123456' }), { statusCode: 400, body: { code: 'PHONE_NOT_SMS_CAPABLE', details: { numberType: 'TOLL_FREE' } } });
  t.same(await harness.storedKeys(), []);
  t.same(await harness.jobs(), []);

  const everywhere = await startApi(t, { SMS_ALLOWED_COUNTRIES: '*' });
  t.match(await everywhere.send({ phone: '+19005550123' }), { statusCode: 400, body: { code: 'PHONE_NOT_SMS_CAPABLE', details: { numberType: 'PREMIUM_RATE' } } });
  t.same(await everywhere.storedKeys(), []);
  t.same(await everywhere.jobs(), []);
  t.equal((await everywhere.send({ phone: '+14155552671' })).statusCode, 202, 'with * a US mobile is allowed');
});

t.test('the daily budget blocks sends but not verifies', async (t) => {
  // No trusted reserve: with one, strangers could never use a budget of 1.
  const harness = await startApi(t, { SMS_DAILY_BUDGET: '1', GUARD_TRUSTED_RESERVE_PERCENT: '0' });
  const sent = await harness.send({ phone: PHONE });
  t.equal(sent.statusCode, 202);
  const refused = await harness.send({ phone: '+919812345678' });
  t.match(refused, { statusCode: 503, body: { code: 'SMS_BUDGET_EXHAUSTED' }, headers: { 'retry-after': /^\d+$/, 'ratelimit-limit': '1' } });
  t.equal((await harness.jobs()).length, 1);
  t.notOk((await harness.storedKeys()).some((key) => key.includes('+919812345678')), 'the refused number has nothing stored');

  const verified = await harness.verify(PHONE, await harness.codeOf(sent.body.requestId as string));
  t.same([verified.statusCode, verified.body], [200, { verified: true }]);
  t.equal((await harness.api.metrics.smsBudgetExhausted.get()).values[0]?.value, 1);
  t.equal(harness.logs.lines().filter((line) => line.level === 50).length, 1, 'one error line for the exhausted budget');
});

t.test('test numbers accept their fixed code and send nothing', async (t) => {
  const harness = await startApi(t, { TEST_PHONE_NUMBERS: '+919999999999:123456,+15550000001:654321', SMS_DAILY_BUDGET: '1', GUARD_TRUSTED_RESERVE_PERCENT: '0' });
  const sent = await harness.send({ phone: '+91 99999 99999' });
  t.match(sent, { statusCode: 202, body: { requestId: String, expiresInSeconds: 600, resendAfterSeconds: 30 } });
  t.same(await harness.jobs(), [], 'no SMS job');
  t.match(await harness.verify('+919999999999', '000000'), { statusCode: 400, body: { code: 'OTP_INVALID' } }, 'other codes are wrong');
  t.same((await harness.verify('+919999999999', '123456')).body, { verified: true });

  const fictional = await harness.send({ phone: '+15550000001' });
  t.equal(fictional.statusCode, 202, 'a test number need not be a real number, nor in an allowed country');
  t.same((await harness.verify('+15550000001', '654321')).body, { verified: true });
  t.equal((await harness.send({ phone: PHONE })).statusCode, 202, 'test numbers spend no budget');
});
