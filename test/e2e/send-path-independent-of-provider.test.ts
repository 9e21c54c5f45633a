import t from 'tap';
import { startFakeProviders } from '../support/providers.js';
import { startService } from '../support/service.js';

const PHONES = ['+919876543210', '+919876543211', '+919876543212', '+919876543213', '+919876543214'];

t.test('send-otp answers while the provider still holds every call open (2 s per call)', async (t) => {
  const { twilio, env } = await startFakeProviders(t, { twilioLatencyMs: 2000 });
  const service = await startService(t, env);

  const answered: number[] = [];
  for (const phone of PHONES) {
    const response = await service.send(phone);
    answered.push(response.statusCode);
  }
  t.same(answered, PHONES.map(() => 202), 'every send-otp answered 202');

  // The worker now holds all five provider calls open, and none has come back:
  // the request path never waited for the provider.
  await twilio.waitUntil((fake) => fake.inFlight === PHONES.length, 5000, 'all provider calls open');
  t.equal(twilio.requests.length - twilio.inFlight, 0, 'the provider had answered none of them');
});
