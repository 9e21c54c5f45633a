import t from 'tap';
import { startApi } from './api-harness.js';

t.test('responses do not reveal whether a number has ever been seen', async (t) => {
  const harness = await startApi(t);
  const known = '+919876543210';
  const sent = await harness.send({ phone: known });
  t.same((await harness.verify(known, await harness.codeOf(sent.body.requestId as string))).body, { verified: true });

  const neverSeen = await harness.verify('+919812345678', '123456');
  const used = await harness.verify(known, '123456');
  t.same([used.statusCode, used.body], [neverSeen.statusCode, neverSeen.body], 'verify: "used" and "never sent" are the same answer');
  t.equal(neverSeen.body.code, 'OTP_EXPIRED');

  const again = await startApi(t, { OTP_RESEND_COOLDOWN_SECONDS: '0' });
  await again.send({ phone: known });
  const [seen, fresh] = [await again.send({ phone: known }), await again.send({ phone: '+919812345678' })];
  t.same([seen.statusCode, Object.keys(seen.body)], [fresh.statusCode, Object.keys(fresh.body)], 'send: a known and a new number get the same answer');
});

t.test('with OTP_VERIFY_UNIFORM_ERRORS, a wrong, missing, expired or dead code all get one answer', async (t) => {
  const harness = await startApi(t, { OTP_VERIFY_UNIFORM_ERRORS: 'true', OTP_MAX_ATTEMPTS: '2', OTP_RESEND_COOLDOWN_SECONDS: '0' });
  const live = '+919876543210';
  const sent = await harness.send({ phone: live });
  const code = await harness.codeOf(sent.body.requestId as string);
  const wrong = code === '000000' ? '111111' : '000000';

  const answers = {
    wrong: await harness.verify(live, wrong),
    dead: await harness.verify(live, wrong),
    deadRightCode: await harness.verify(live, code),
    neverSent: await harness.verify('+919812345678', code),
  };
  const expiring = '+919900112233';
  const expiringSent = await harness.send({ phone: expiring });
  // Redis expires the key itself, as it does when OTP_TTL_SECONDS runs out.
  await harness.ns.redis.pexpire(`${harness.ns.keyPrefix}otp:{${expiring}}:default:code`, 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const expired = await harness.verify(expiring, await harness.codeOf(expiringSent.body.requestId as string));

  const uniform = { statusCode: 400, body: { statusCode: 400, code: 'OTP_VERIFICATION_FAILED', message: 'The code is wrong, has expired or was already used.' } };
  for (const [name, answer] of Object.entries({ ...answers, expired })) {
    t.same({ statusCode: answer.statusCode, body: answer.body }, uniform, `${name}: the same status and body, no attemptsRemaining`);
  }
  const again = await harness.send({ phone: live });
  t.same((await harness.verify(live, await harness.codeOf(again.body.requestId as string))).body, { verified: true }, 'a right code still verifies');
  const reasons = (await harness.api.metrics.otpVerifyFailed.get()).values.map((v) => [v.labels.reason, v.value]);
  t.same(new Map(reasons as Array<[string, number]>), new Map([['OTP_INVALID', 1], ['OTP_ATTEMPTS_EXCEEDED', 2], ['OTP_EXPIRED', 2]]), 'metrics keep the real reasons');
});
