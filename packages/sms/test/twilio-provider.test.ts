import { TwilioProvider, type SmsProviderError } from '@otp/sms';
import { FakeTwilioServer } from '@otp/testkit';
import t, { type Test } from 'tap';
import { message } from './contract.js';

const ACCOUNT_SID = `AC${'sidx'.repeat(8)}`;
const AUTH_TOKEN = 'provider-test-token';
const SERVICE_SID = `MG${'0123456789abcdef'.repeat(2)}`;

async function setup(t: Test, options: Partial<ConstructorParameters<typeof TwilioProvider>[0]> = {}) {
  const fake = await new FakeTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
  t.teardown(() => fake.close());
  const provider = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: fake.url, timeoutMs: 2000, ...options });
  return { fake, provider };
}

t.test('speaks the Messages API: Basic auth, form body, the SID Twilio returned', async (t) => {
  const { fake, provider } = await setup(t, { phoneNumber: '+15005550006' });
  const receipt = await provider.send(message());
  const [request] = fake.requests;
  t.equal(request?.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
  t.same(request?.basicAuth, { username: ACCOUNT_SID, password: AUTH_TOKEN });
  t.match(request?.headers['content-type'], /^application\/x-www-form-urlencoded/);
  t.match(request?.form, { To: '+919876543210', From: '+15005550006', Body: message().body });
  t.match(receipt.providerMessageId, /^SM[0-9a-f]{32}$/);
});

t.test('the Messaging Service SID is used over the phone number when both are set', async (t) => {
  const { fake, provider } = await setup(t, { phoneNumber: '+15005550006', messagingServiceSid: SERVICE_SID });
  await provider.send(message());
  t.equal(fake.messages[0]?.MessagingServiceSid, SERVICE_SID);
  t.notOk('From' in (fake.messages[0] ?? {}), 'no From: the service picks the sender');
});

t.test('StatusCallback is set only when a public URL is configured', async (t) => {
  const { fake, provider } = await setup(t, { phoneNumber: '+15005550006', statusCallbackUrl: 'https://otp.example.com/webhooks/twilio/status' });
  await provider.send(message());
  t.equal(fake.messages[0]?.StatusCallback, 'https://otp.example.com/webhooks/twilio/status');

  const plain = await setup(t, { phoneNumber: '+15005550006' });
  await plain.provider.send(message());
  t.notOk('StatusCallback' in (plain.fake.messages[0] ?? {}));
});

t.test('ValidityPeriod never exceeds the code remaining lifetime, within Twilio bounds', async (t) => {
  const { fake, provider } = await setup(t, { phoneNumber: '+15005550006' });
  await provider.send(message({ validitySeconds: 123.9 }));
  await provider.send(message({ validitySeconds: 0.4 }));
  await provider.send(message({ validitySeconds: 86_400 }));
  t.same(
    fake.messages.map((m) => m.ValidityPeriod),
    ['123', '1', '36000'],
  );
});

const CASES: Array<{ status: number; code: number; permanent: boolean; fault: string; configVariable?: string }> = [
  { status: 400, code: 21211, permanent: true, fault: 'recipient' },
  { status: 400, code: 21614, permanent: true, fault: 'recipient' },
  { status: 400, code: 21610, permanent: true, fault: 'recipient' },
  { status: 400, code: 21608, permanent: true, fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' },
  { status: 400, code: 21408, permanent: true, fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' },
  { status: 401, code: 20003, permanent: true, fault: 'provider', configVariable: 'TWILIO_AUTH_TOKEN' },
  { status: 429, code: 20429, permanent: false, fault: 'provider' },
  { status: 500, code: 20500, permanent: false, fault: 'provider' },
  { status: 503, code: 20503, permanent: false, fault: 'provider' },
];

t.test('classifies Twilio error codes', async (t) => {
  const { fake, provider } = await setup(t, { phoneNumber: '+15005550006' });
  for (const expected of CASES) {
    fake.script({ kind: 'error', status: expected.status, code: expected.code });
    const error = (await provider.send(message()).catch((e: unknown) => e)) as SmsProviderError;
    t.match(error, { providerCode: String(expected.code), permanent: expected.permanent, fault: expected.fault }, `${expected.code}`);
    if (expected.configVariable) t.equal(error.configVariable, expected.configVariable, `${expected.code} names the variable to check`);
  }
});

t.test('wrong credentials are reported as an authentication failure naming TWILIO_AUTH_TOKEN', async (t) => {
  const { fake } = await setup(t);
  const provider = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: 'wrong', phoneNumber: '+15005550006', apiBaseUrl: fake.url });
  const error = (await provider.send(message()).catch((e: unknown) => e)) as SmsProviderError;
  t.match(error, { permanent: true, providerCode: '20003', configVariable: 'TWILIO_AUTH_TOKEN' });
});

t.test('an unreachable API is a transient network failure', async (t) => {
  const { fake } = await setup(t);
  const url = fake.url;
  await fake.close();
  const provider = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: '+15005550006', apiBaseUrl: url });
  const error = (await provider.send(message()).catch((e: unknown) => e)) as SmsProviderError;
  t.match(error, { permanent: false, providerCode: 'network' });
});
