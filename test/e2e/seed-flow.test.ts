import t from 'tap';
import { startService } from '../support/service.js';

const PHONE = '+919876543210';

t.test('the seed flow: send, the worker delivers, verify once', async (t) => {
  const service = await startService(t);

  const sent = await service.send(PHONE);
  t.equal(sent.statusCode, 202);
  t.match(sent.body, { requestId: String, expiresInSeconds: 600, resendAfterSeconds: 30 });
  t.notOk(JSON.stringify(sent.body).match(/\b\d{6}\b/), 'the response never carries the code');

  const sms = await service.inbox.waitFor(PHONE);
  t.match(sms.body, /^Your IndoStar Naturals verification code is: \d{6}\. Valid for 10 minutes\.$/);
  const code = service.inbox.lastCodeFor(PHONE) as string;

  const first = await service.verify(PHONE, code);
  t.same([first.statusCode, first.body], [200, { verified: true }]);

  const second = await service.verify(PHONE, code);
  t.equal(second.statusCode, 400, 'a code is single use');
  t.equal(second.body.code, 'OTP_EXPIRED');
});
