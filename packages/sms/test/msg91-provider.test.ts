import { Msg91Provider, type SmsProviderError } from '@otp/sms';
import { FakeMsg91Server } from '@otp/testkit';
import t, { type Test } from 'tap';
import { message } from './contract.js';

const AUTH_KEY = 'msg91-test-key';

async function setup(t: Test) {
  const fake = await new FakeMsg91Server({ authKey: AUTH_KEY }).start();
  t.teardown(() => fake.close());
  const provider = new Msg91Provider({ authKey: AUTH_KEY, templateId: 'tmpl-1', senderId: 'INDSTR', route: '4', apiBaseUrl: fake.url });
  return { fake, provider };
}

t.test('sends our code with the authkey header and the number without +', async (t) => {
  const { fake, provider } = await setup(t);
  const receipt = await provider.send(message({ otp: '246810', validitySeconds: 299 }));
  t.equal(fake.requests[0]?.headers.authkey, AUTH_KEY);
  t.same(fake.otps[0], { template_id: 'tmpl-1', mobile: '919876543210', otp: '246810', otp_expiry: '4', sender: 'INDSTR', route: '4' });
  t.match(receipt.providerMessageId, /^[0-9a-f]{24}$/);
});

t.test('classifies MSG91 answers', async (t) => {
  const { fake, provider } = await setup(t);
  const cases = [
    { status: 400, message: 'Invalid mobile number', expected: { permanent: true, fault: 'recipient' } },
    { status: 401, message: 'Authentication failure', expected: { permanent: true, fault: 'provider', configVariable: 'MSG91_AUTH_KEY' } },
    { status: 400, message: 'Template ID missing or invalid', expected: { permanent: true, configVariable: 'MSG91_TEMPLATE_ID' } },
    { status: 429, message: 'Too many requests', expected: { permanent: false } },
    { status: 502, message: 'Bad gateway', expected: { permanent: false, providerCode: 'http_502' } },
  ];
  for (const c of cases) {
    fake.script({ kind: 'error', status: c.status, message: c.message });
    const error = (await provider.send(message()).catch((e: unknown) => e)) as SmsProviderError;
    t.match(error, c.expected, c.message);
  }
});

t.test('a wrong auth key is refused and names MSG91_AUTH_KEY', async (t) => {
  const { fake } = await setup(t);
  const provider = new Msg91Provider({ authKey: 'wrong', templateId: 'tmpl-1', apiBaseUrl: fake.url });
  const error = (await provider.send(message()).catch((e: unknown) => e)) as SmsProviderError;
  t.match(error, { permanent: true, configVariable: 'MSG91_AUTH_KEY' });
});
