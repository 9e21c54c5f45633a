import { signTwilioWebhook } from '@otp/testkit';
import t, { type Test } from 'tap';
import { PUBLIC_BASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, startFakeProviders } from '../support/providers.js';
import { startService, type RunningService } from '../support/service.js';

const PHONE = '+919876543210';
const STATUS_PATH = '/webhooks/twilio/status';
const MSG91_SECRET = 'e2e-msg91-webhook-secret';

/** A status callback as Twilio posts it (a subset of its fields). */
function callback(messageSid: string, status: string, extra: Record<string, string> = {}): Record<string, string> {
  return { AccountSid: TWILIO_ACCOUNT_SID, ApiVersion: '2010-04-01', MessageSid: messageSid, SmsSid: messageSid, MessageStatus: status, SmsStatus: status, To: PHONE, From: '+15005550006', ...extra };
}

async function postCallback(service: RunningService, params: Record<string, string>, signature?: string) {
  const response = await service.api.app.inject({
    method: 'POST',
    url: STATUS_PATH,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === undefined ? {} : { 'x-twilio-signature': signature }) },
    payload: new URLSearchParams(params).toString(),
  });
  return { statusCode: response.statusCode, body: response.body };
}

async function sentMessage(t: Test) {
  const { env, twilio } = await startFakeProviders(t);
  const service = await startService(t, { ...env, MSG91_WEBHOOK_SECRET: MSG91_SECRET });
  const { body } = await service.send(PHONE);
  const requestId = body.requestId as string;
  const record = await service.waitForRecord(requestId, (r) => r.status === 'sent');
  return { service, requestId, messageSid: record.providerMessageId as string, twilio };
}

t.test('a signed status callback moves the record to delivered', async (t) => {
  const { service, requestId, messageSid } = await sentMessage(t);

  const params = callback(messageSid, 'delivered');
  const response = await postCallback(service, params, signTwilioWebhook(TWILIO_AUTH_TOKEN, `${PUBLIC_BASE_URL}${STATUS_PATH}`, params));

  t.equal(response.statusCode, 204);
  const record = await service.worker.delivery.get(requestId);
  t.equal(record?.status, 'delivered');
  t.ok(record?.timestamps.delivered, 'delivered has its timestamp');
});

t.test('undelivered carries the ErrorCode; a late "sent" never moves a final record back', async (t) => {
  const { service, requestId, messageSid } = await sentMessage(t);
  const sign = (params: Record<string, string>) => signTwilioWebhook(TWILIO_AUTH_TOKEN, `${PUBLIC_BASE_URL}${STATUS_PATH}`, params);

  const undelivered = callback(messageSid, 'undelivered', { ErrorCode: '30003' });
  t.equal((await postCallback(service, undelivered, sign(undelivered))).statusCode, 204);
  const late = callback(messageSid, 'sent');
  t.equal((await postCallback(service, late, sign(late))).statusCode, 204);

  t.match(await service.worker.delivery.get(requestId), { status: 'undelivered', errorCode: '30003' });
});

t.test('forged or unsigned callbacks are refused with 403 and change nothing', async (t) => {
  const { service, requestId, messageSid } = await sentMessage(t);
  const params = callback(messageSid, 'delivered');

  const forged = await postCallback(service, params, signTwilioWebhook('not-the-token', `${PUBLIC_BASE_URL}${STATUS_PATH}`, params));
  const unsigned = await postCallback(service, params);
  const tampered = await postCallback(
    service,
    { ...params, MessageStatus: 'failed' },
    signTwilioWebhook(TWILIO_AUTH_TOKEN, `${PUBLIC_BASE_URL}${STATUS_PATH}`, params),
  );
  const malformed = await postCallback(service, { junk: 'x' }, 'bad');

  for (const [name, response] of Object.entries({ forged, unsigned, tampered, malformed })) {
    t.equal(response.statusCode, 403, `${name} is refused`);
    t.equal(JSON.parse(response.body).code, 'WEBHOOK_SIGNATURE_INVALID');
  }
  t.equal((await service.worker.delivery.get(requestId))?.status, 'sent', 'the record did not move');
});

t.test('MSG91 delivery reports need the shared secret', async (t) => {
  const { env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, SMS_PROVIDER: 'msg91', MSG91_WEBHOOK_SECRET: MSG91_SECRET });
  const { body } = await service.send(PHONE);
  const requestId = body.requestId as string;
  const { providerMessageId } = await service.waitForRecord(requestId, (r) => r.status === 'sent');
  const report = [{ requestId: providerMessageId, report: [{ number: '919876543210', status: '1', desc: 'DELIVERED' }] }];

  const wrong = await service.api.app.inject({ method: 'POST', url: '/webhooks/msg91/dlr', headers: { 'x-webhook-secret': 'guess' }, payload: report });
  const none = await service.api.app.inject({ method: 'POST', url: '/webhooks/msg91/dlr', payload: report });
  t.same([wrong.statusCode, none.statusCode], [403, 403]);
  t.equal((await service.worker.delivery.get(requestId))?.status, 'sent');

  const viaUrl = await service.api.app.inject({ method: 'POST', url: `/webhooks/msg91/dlr?secret=${MSG91_SECRET}`, payload: report });
  t.equal(viaUrl.statusCode, 204);
  t.equal((await service.worker.delivery.get(requestId))?.status, 'delivered');
});

t.test('the status API shows the record: masked phone, no code; unknown ids are 404', async (t) => {
  const { service, requestId, messageSid, twilio } = await sentMessage(t);
  const code = twilio.messages[0]?.Body?.match(/\d{6}/)?.[0] as string;

  const status = await service.status(requestId);
  t.equal(status.statusCode, 200);
  t.match(status.body, { requestId, status: 'sent', phone: '+91******3210', country: 'IN', provider: 'twilio', providerMessageId: messageSid });
  const text = JSON.stringify(status.body);
  t.notOk(text.includes('9876543210'), 'no full phone number');
  t.notOk(text.includes(code), 'no code');
  t.notOk(JSON.stringify(await service.ns.dump()).includes(code), 'the code is nowhere in Redis in clear');

  const unknown = await service.status('00000000-0000-4000-8000-000000000000');
  t.same([unknown.statusCode, unknown.body.code], [404, 'OTP_REQUEST_NOT_FOUND']);
  const invalid = await service.status('not-an-id');
  t.equal(invalid.statusCode, 400);
});
