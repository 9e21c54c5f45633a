import { CALLBACK_PATHS, mapTwilioCallStatus, mapTwilioStatus } from '@otp/delivery';
import t from 'tap';

t.test("WhatsApp's statuses move the record like an SMS's, read counting as delivered", async (t) => {
  t.same(['sent', 'delivered', 'read', 'failed', 'undelivered'].map(mapTwilioStatus), ['sent', 'delivered', 'delivered', 'failed', 'undelivered']);
});

t.test('a completed call delivered the code; busy, no-answer, failed and canceled did not', async (t) => {
  t.same(['completed', 'busy', 'no-answer', 'failed', 'canceled'].map(mapTwilioCallStatus), ['delivered', 'undelivered', 'undelivered', 'undelivered', 'undelivered']);
  t.same(['queued', 'initiated', 'ringing', 'in-progress', 'COMPLETED'].map(mapTwilioCallStatus), [undefined, undefined, undefined, undefined, 'delivered']);
});

t.test('each provider callback has its own path', async (t) => {
  const paths = Object.values(CALLBACK_PATHS);
  t.equal(new Set(paths).size, paths.length);
  t.equal(CALLBACK_PATHS.twilioCall, '/webhooks/twilio/call-status');
});
