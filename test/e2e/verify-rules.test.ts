import t from 'tap';
import { startService } from '../support/service.js';

const PHONE = '+919876543210';

/** A code that is certainly not `code`, of the same length. */
function wrong(code: string): string {
  return code.replace(/^./, (d) => String((Number(d) + 1) % 10));
}

t.test('a wrong code answers OTP_INVALID with the attempts remaining', async (t) => {
  const service = await startService(t);
  await service.send(PHONE);
  const code = (await service.inbox.waitFor(PHONE), service.inbox.lastCodeFor(PHONE) as string);

  for (const remaining of [4, 3]) {
    const answer = await service.verify(PHONE, wrong(code));
    t.equal(answer.statusCode, 400);
    t.match(answer.body, { code: 'OTP_INVALID', details: { attemptsRemaining: remaining } });
  }
  t.same((await service.verify(PHONE, code)).body, { verified: true }, 'the right code still works within the limit');
});

t.test('after OTP_MAX_ATTEMPTS wrong tries the code is dead, even for the right code', async (t) => {
  const service = await startService(t, { OTP_MAX_ATTEMPTS: '3' });
  await service.send(PHONE);
  const code = (await service.inbox.waitFor(PHONE), service.inbox.lastCodeFor(PHONE) as string);

  t.match((await service.verify(PHONE, wrong(code))).body, { details: { attemptsRemaining: 2 } });
  t.match((await service.verify(PHONE, wrong(code))).body, { details: { attemptsRemaining: 1 } });
  const last = await service.verify(PHONE, wrong(code));
  t.equal(last.statusCode, 429);
  t.equal(last.body.code, 'OTP_ATTEMPTS_EXCEEDED', 'the attempt that exhausts the limit says so');

  const right = await service.verify(PHONE, code);
  t.equal(right.statusCode, 429);
  t.equal(right.body.code, 'OTP_ATTEMPTS_EXCEEDED');
});

t.test('a code expires after OTP_TTL_SECONDS', async (t) => {
  const service = await startService(t, { OTP_TTL_SECONDS: '5' });
  await service.send(PHONE);
  await service.inbox.waitFor(PHONE);
  t.match(service.inbox.to(PHONE)[0]?.body, /Valid for 1 minutes\./, 'the message states the lifetime in whole minutes');
  const code = service.inbox.lastCodeFor(PHONE) as string;

  // Wait for Redis to expire the key rather than a fixed sleep: poll its TTL.
  const key = `${service.ns.keyPrefix}otp:{${PHONE}}:default:code`;
  while ((await service.ns.redis.exists(key)) === 1) await new Promise((resolve) => setTimeout(resolve, 250));

  const answer = await service.verify(PHONE, code);
  t.equal(answer.statusCode, 400);
  t.equal(answer.body.code, 'OTP_EXPIRED');
});

t.test('a phone that never asked for a code gets the same answer as an expired one', async (t) => {
  const service = await startService(t);
  const answer = await service.verify('+919812345678', '123456');
  t.same(answer.body, {
    statusCode: 400,
    code: 'OTP_EXPIRED',
    message: 'There is no pending code for this phone, or it has expired.',
  });
});

t.test('fifty concurrent verifies of the right code give exactly one success', async (t) => {
  const service = await startService(t);
  await service.send(PHONE);
  const code = (await service.inbox.waitFor(PHONE), service.inbox.lastCodeFor(PHONE) as string);

  const answers = await Promise.all(Array.from({ length: 50 }, () => service.verify(PHONE, code)));
  const statuses = answers.map((a) => a.statusCode);
  t.equal(statuses.filter((s) => s === 200).length, 1, 'one success');
  t.equal(statuses.filter((s) => s === 400).length, 49, 'the other 49 find no pending code');
  t.ok(answers.every((a) => a.statusCode === 200 || a.body.code === 'OTP_EXPIRED'));
});

t.test('concurrent wrong guesses never exceed the attempt limit', async (t) => {
  const service = await startService(t);
  await service.send(PHONE);
  const code = (await service.inbox.waitFor(PHONE), service.inbox.lastCodeFor(PHONE) as string);

  const answers = await Promise.all(Array.from({ length: 50 }, () => service.verify(PHONE, wrong(code))));
  const invalid = answers.filter((a) => a.body.code === 'OTP_INVALID');
  const exceeded = answers.filter((a) => a.body.code === 'OTP_ATTEMPTS_EXCEEDED');
  t.equal(invalid.length, 4, 'four guesses are told how many remain');
  t.equal(exceeded.length, 46, 'the fifth kills the code and the rest are refused');
  t.same(
    invalid.map((a) => (a.body.details as { attemptsRemaining: number }).attemptsRemaining).sort(),
    [1, 2, 3, 4],
    'each remaining count is handed out once',
  );
  const attempts = await service.ns.redis.hget(`${service.ns.keyPrefix}otp:{${PHONE}}:default:code`, 'att');
  t.equal(attempts, '5', 'Redis counted exactly OTP_MAX_ATTEMPTS attempts');
});
