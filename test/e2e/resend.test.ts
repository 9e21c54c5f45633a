import t from 'tap';
import { startService } from '../support/service.js';

const PHONE = '+919876543210';

t.test('a send inside the cooldown gets 429 with Retry-After and queues nothing', async (t) => {
  const service = await startService(t);
  t.equal((await service.send(PHONE)).statusCode, 202);
  await service.inbox.waitFor(PHONE);

  const again = await service.send(PHONE);
  t.equal(again.statusCode, 429);
  t.equal(again.body.code, 'OTP_RESEND_COOLDOWN');
  const retryAfter = Number(again.headers['retry-after']);
  t.ok(retryAfter > 0 && retryAfter <= 30, `Retry-After is within the 30 s cooldown (${retryAfter})`);
  const jobs = await service.ns.redis.keys(`${service.ns.queuePrefix}:sms:*`).then((keys) => keys.filter((k) => /:sms:[0-9a-f-]{36}$/.test(k)));
  t.equal(jobs.length, 1, 'only the first send queued a job');
});

t.test('a resend after the cooldown replaces the code: the old one stops working', async (t) => {
  const service = await startService(t, { OTP_RESEND_COOLDOWN_SECONDS: '0' });
  await service.send(PHONE);
  const first = (await service.inbox.waitFor(PHONE, 1), service.inbox.lastCodeFor(PHONE) as string);
  await service.send(PHONE);
  const second = (await service.inbox.waitFor(PHONE, 2), service.inbox.lastCodeFor(PHONE) as string);

  if (first !== second) {
    const old = await service.verify(PHONE, first);
    t.equal(old.body.code, 'OTP_INVALID', 'the replaced code is no longer valid');
  }
  t.same((await service.verify(PHONE, second)).body, { verified: true }, 'the newest code works');
  t.equal((await service.verify(PHONE, first)).body.code, 'OTP_EXPIRED', 'and nothing is left afterwards');
});
