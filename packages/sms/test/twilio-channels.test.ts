import { TwilioVoiceProvider, TwilioWhatsAppProvider, otpCallTwiml, sayLanguage, type SmsProviderError } from '@otp/sms';
import { FakeTwilioServer } from '@otp/testkit';
import t, { type Test } from 'tap';
import { message } from './contract.js';

const ACCOUNT_SID = `AC${'chan'.repeat(8)}`;
const AUTH_TOKEN = 'channels-test-token';
const CONTENT_SID = `HX${'0123456789abcdef'.repeat(2)}`;
const SERVICE_SID = `MG${'fedcba9876543210'.repeat(2)}`;

async function fakeTwilio(t: Test) {
  const fake = await new FakeTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
  t.teardown(() => fake.close());
  return { fake, credentials: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: fake.url, timeoutMs: 2000 } };
}

t.test('WhatsApp: an approved template with the code as its one variable, to whatsapp:+E164', async (t) => {
  const { fake, credentials } = await fakeTwilio(t);
  const provider = new TwilioWhatsAppProvider({
    ...credentials,
    from: '+14155238886',
    contentSid: CONTENT_SID,
    statusCallbackUrl: 'https://otp.example.com/webhooks/twilio/status',
  });
  const receipt = await provider.send(message({ channel: 'whatsapp', otp: '482913', validitySeconds: 540 }));
  const [request] = fake.requests;
  t.equal(request?.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
  t.same(request?.basicAuth, { username: ACCOUNT_SID, password: AUTH_TOKEN });
  t.same(fake.whatsappMessages, [
    {
      To: 'whatsapp:+919876543210',
      From: 'whatsapp:+14155238886',
      ContentSid: CONTENT_SID,
      ContentVariables: '{"1":"482913"}',
      StatusCallback: 'https://otp.example.com/webhooks/twilio/status',
      ValidityPeriod: '540',
    },
  ]);
  t.match(receipt.providerMessageId, /^SM[0-9a-f]{32}$/);
});

t.test('WhatsApp through a Messaging Service when no WhatsApp number is set', async (t) => {
  const { fake, credentials } = await fakeTwilio(t);
  await new TwilioWhatsAppProvider({ ...credentials, messagingServiceSid: SERVICE_SID, contentSid: CONTENT_SID }).send(message({ channel: 'whatsapp' }));
  t.same(fake.whatsappMessages[0], {
    To: 'whatsapp:+919876543210',
    MessagingServiceSid: SERVICE_SID,
    ContentSid: CONTENT_SID,
    ContentVariables: '{"1":"482913"}',
    ValidityPeriod: '540',
  });
});

t.test('WhatsApp errors: not a WhatsApp user is the recipient, template and sender problems name their variable', async (t) => {
  const { fake, credentials } = await fakeTwilio(t);
  const provider = new TwilioWhatsAppProvider({ ...credentials, from: '+14155238886', contentSid: CONTENT_SID });
  const cases = [
    { code: 63003, expected: { permanent: true, fault: 'recipient' } },
    { code: 63024, expected: { permanent: true, fault: 'recipient' } },
    { code: 63016, expected: { permanent: true, fault: 'provider', configVariable: 'TWILIO_WHATSAPP_CONTENT_SID' } },
    { code: 63007, expected: { permanent: true, fault: 'provider', configVariable: 'TWILIO_WHATSAPP_FROM' } },
    { code: 63018, expected: { permanent: false, fault: 'provider' } },
  ];
  for (const c of cases) {
    fake.script({ kind: 'error', status: 400, code: c.code });
    const error = (await provider.send(message({ channel: 'whatsapp' })).catch((e: unknown) => e)) as SmsProviderError;
    t.match(error, { providerCode: String(c.code), ...c.expected }, String(c.code));
  }
});

t.test('the fake refuses what Twilio refuses, with its error JSON', async (t) => {
  const { fake } = await fakeTwilio(t);
  const post = async (path: string, form: Record<string, string>) => {
    const response = await fetch(`${fake.url}/2010-04-01/Accounts/${ACCOUNT_SID}/${path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  t.match(await post('Messages.json', { To: 'whatsapp:+919876543210', From: '+15005550006', ContentSid: CONTENT_SID }), {
    status: 400,
    body: { code: 21910, status: 400, more_info: 'https://www.twilio.com/docs/errors/21910' },
  });
  t.match(await post('Messages.json', { To: 'whatsapp:+919876543210', From: 'whatsapp:+14155238886' }), { status: 400, body: { code: 21602 } });
  t.match(await post('Messages.json', { To: 'whatsapp:+919876543210', From: 'whatsapp:+1', ContentSid: 'HX1' }), { body: { code: 21655 } });
  t.match(await post('Messages.json', { To: 'whatsapp:+919876543210', From: 'whatsapp:+1', ContentSid: CONTENT_SID, ContentVariables: '1=2' }), { body: { code: 21656 } });
  t.match(await post('Calls.json', { To: '+919876543210', Twiml: '<Response/>' }), { status: 400, body: { code: 21213 } });
  t.match(await post('Calls.json', { To: '+919876543210', From: '+15005550006' }), { status: 400, body: { code: 21205 } });
  t.match(await post('Calls.json', { To: '+919876543210', From: '+15005550006', Twiml: '<Response/>' }), { status: 201, body: { status: 'queued', sid: /^CA/ } });
});

t.test('voice: a call from the voice number whose TwiML reads the code digit by digit, twice', async (t) => {
  const { fake, credentials } = await fakeTwilio(t);
  const provider = new TwilioVoiceProvider({ ...credentials, from: '+15005550006', statusCallbackUrl: 'https://otp.example.com/webhooks/twilio/call-status' });
  const receipt = await provider.send(message({ channel: 'voice', otp: '482913', body: 'Your verification code is', locale: 'en' }));
  t.equal(fake.requests[0]?.path, `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
  const twiml =
    '<?xml version="1.0" encoding="UTF-8"?><Response>' +
    '<Say language="en-IN">Your verification code is</Say><Pause length="1"/><Say language="en-IN">4. 8. 2. 9. 1. 3.</Say><Pause length="2"/>' +
    '<Say language="en-IN">Your verification code is</Say><Pause length="1"/><Say language="en-IN">4. 8. 2. 9. 1. 3.</Say>' +
    '</Response>';
  t.same(fake.calls, [
    {
      To: '+919876543210',
      From: '+15005550006',
      Twiml: twiml,
      Timeout: '30',
      TimeLimit: '60',
      StatusCallback: 'https://otp.example.com/webhooks/twilio/call-status',
    },
  ]);
  t.match(receipt.providerMessageId, /^CA[0-9a-f]{32}$/);
});

t.test('voice speaks the message language, escapes its text, and stops ringing when the code dies', async (t) => {
  const { fake, credentials } = await fakeTwilio(t);
  const provider = new TwilioVoiceProvider({ ...credentials, from: '+15005550006' });
  await provider.send(message({ channel: 'voice', otp: '1234', body: 'आपका सत्यापन कोड है', locale: 'hi', validitySeconds: 12.7 }));
  t.match(fake.calls[0], { Timeout: '12' });
  t.match(fake.calls[0]?.Twiml, /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Say language="hi-IN">आपका सत्यापन कोड है<\/Say><Pause length="1"\/><Say language="hi-IN">1\. 2\. 3\. 4\.<\/Say>/);
  t.notOk('StatusCallback' in (fake.calls[0] ?? {}));
  t.match(otpCallTwiml('Codes <&> "quotes"', '12', 'en-US'), /<Say language="en-US">Codes &lt;&amp;&gt; "quotes"<\/Say>/);
});

t.test('locales map to Twilio voice languages, by region, then by the destination country, then by default', async (t) => {
  t.equal(sayLanguage('en-GB', 'IN'), 'en-GB');
  t.equal(sayLanguage('en', 'IN'), 'en-IN');
  t.equal(sayLanguage('en', 'FR'), 'en-US');
  t.equal(sayLanguage('hi', 'US'), 'hi-IN');
  t.equal(sayLanguage('hi-IN', 'IN'), 'hi-IN');
  t.equal(sayLanguage('sw', 'KE'), 'en-US', 'no prompt in that language: English');
});

t.test('voice errors: an invalid number is the recipient, a caller ID problem names TWILIO_VOICE_NUMBER', async (t) => {
  const { fake, credentials } = await fakeTwilio(t);
  const provider = new TwilioVoiceProvider({ ...credentials, from: '+15005550006' });
  const cases = [
    { code: 21217, expected: { permanent: true, fault: 'recipient' } },
    { code: 21214, expected: { permanent: true, fault: 'recipient' } },
    { code: 21210, expected: { permanent: true, fault: 'provider', configVariable: 'TWILIO_VOICE_NUMBER' } },
    { code: 21215, expected: { permanent: true, fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' } },
    { code: 21212, expected: { permanent: true, fault: 'provider', configVariable: 'TWILIO_VOICE_NUMBER' } },
  ];
  for (const c of cases) {
    fake.script({ kind: 'error', status: 400, code: c.code });
    const error = (await provider.send(message({ channel: 'voice' })).catch((e: unknown) => e)) as SmsProviderError;
    t.match(error, { providerCode: String(c.code), ...c.expected }, String(c.code));
  }
});
