import t from 'tap';
import { startService } from '../support/service.js';

t.test('no key or value in Redis ever holds a plaintext code', async (t) => {
  const service = await startService(t, { OTP_RESEND_COOLDOWN_SECONDS: '0' });
  const phones = ['+919876543210', '+919812345678', '+919900112233'];
  for (const phone of phones) await service.send(phone);
  await Promise.all(phones.map((phone) => service.inbox.waitFor(phone)));
  // A second round leaves replaced codes and completed jobs behind as well.
  for (const phone of phones) await service.send(phone);
  await Promise.all(phones.map((phone) => service.inbox.waitFor(phone, 2)));

  const codes = service.inbox.messages.map((m) => m.body.match(/\b\d{6}\b/)?.[0] as string);
  t.equal(codes.length, 6);
  const entries = await service.ns.dump();
  t.ok(entries.some((e) => e.key.includes(':otp:{')), 'the OTP keys are in the dump');
  t.ok(entries.some((e) => e.key.startsWith(`${service.ns.queuePrefix}:sms:`)), 'the job keys are in the dump');
  for (const code of codes) {
    const leaks = entries.filter((e) => e.key.includes(code) || e.value.includes(code));
    t.same(leaks, [], `code ${code.slice(0, 2)}…: not in any key or value`);
  }
  const numbers = entries.filter((e) => phones.some((p) => e.value.includes(p.slice(1))));
  t.same(numbers.filter((e) => !e.key.includes(':otp:{')), [], 'full phone numbers appear only in the OTP key names');
});
