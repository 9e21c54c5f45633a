import { TwilioProvider, TwilioVoiceProvider, TwilioWhatsAppProvider } from '@otp/sms';
import { FakeTwilioServer } from '@otp/testkit';
import t, { type Test } from 'tap';
import { message, providerContract } from './contract.js';

// Built at run time so no string in the repo looks like a real account SID.
const ACCOUNT_SID = `AC${'test'.repeat(8)}`;
const AUTH_TOKEN = 'contract-auth-token';
const CONTENT_SID = `HX${'0123456789abcdef'.repeat(2)}`;
const credentials = (fake: FakeTwilioServer) => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: fake.url, timeoutMs: 300 });

async function startFake(t: Test): Promise<FakeTwilioServer> {
  const fake = await new FakeTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
  t.teardown(() => fake.close());
  return fake;
}

/** Every channel shows an outage and a hang the same way: Twilio's 500, and silence. */
function stageShared(fake: FakeTwilioServer, failure: string): void {
  if (failure === 'outage') fake.script({ kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' });
  if (failure === 'hang') fake.script({ kind: 'hang' });
}

t.test('sms', async (t) => {
  providerContract(t, { channel: 'sms', failures: ['bad-number', 'outage', 'hang'] }, async (t) => {
    const fake = await startFake(t);
    return {
      provider: new TwilioProvider({ ...credentials(fake), phoneNumber: '+15005550006' }),
      stage: (failure) => {
        // Twilio's own wording, which quotes the number.
        if (failure === 'bad-number') fake.script({ kind: 'error', status: 400, code: 21211, message: `The 'To' number ${message().to} is not a valid phone number.` });
        stageShared(fake, failure);
      },
      lastCodeReceived: () => fake.messages.at(-1)?.Body?.match(/\d{6}/)?.[0],
    };
  });
});

t.test('whatsapp', async (t) => {
  providerContract(t, { channel: 'whatsapp', failures: ['bad-number', 'not-on-channel', 'outage', 'hang'] }, async (t) => {
    const fake = await startFake(t);
    return {
      provider: new TwilioWhatsAppProvider({ ...credentials(fake), from: '+14155238886', contentSid: CONTENT_SID }),
      stage: (failure) => {
        if (failure === 'bad-number') fake.script({ kind: 'error', status: 400, code: 21211, message: `Invalid 'To' Phone Number: whatsapp:${message().to}` });
        if (failure === 'not-on-channel') fake.script({ kind: 'error', status: 400, code: 63003, message: 'Channel could not find To address' });
        stageShared(fake, failure);
      },
      lastCodeReceived: () => (JSON.parse(fake.whatsappMessages.at(-1)?.ContentVariables ?? '{}') as Record<string, string>)['1'],
    };
  });
});

t.test('voice', async (t) => {
  providerContract(t, { channel: 'voice', failures: ['bad-number', 'outage', 'hang'] }, async (t) => {
    const fake = await startFake(t);
    return {
      provider: new TwilioVoiceProvider({ ...credentials(fake), from: '+15005550006' }),
      stage: (failure) => {
        if (failure === 'bad-number') fake.script({ kind: 'error', status: 400, code: 21217, message: `Phone number ${message().to} does not appear to be valid` });
        stageShared(fake, failure);
      },
      // The digits as the call reads them: "7. 3. 0. 1. 5. 5."
      lastCodeReceived: () => fake.calls.at(-1)?.Twiml?.match(/>((?:\d\. )*\d\.)</)?.[1]?.replace(/\D/g, ''),
    };
  });
});
