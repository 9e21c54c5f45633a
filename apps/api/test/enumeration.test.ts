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
