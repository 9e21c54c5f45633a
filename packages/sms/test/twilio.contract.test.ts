import { TwilioProvider } from '@otp/sms';
import { FakeTwilioServer } from '@otp/testkit';
import t from 'tap';
import { message, providerContract } from './contract.js';

// Built at run time so no string in the repo looks like a real account SID.
const ACCOUNT_SID = `AC${'test'.repeat(8)}`;
const AUTH_TOKEN = 'contract-auth-token';

providerContract(t, ['bad-number', 'outage', 'hang'], async (t) => {
  const fake = await new FakeTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).start();
  t.teardown(() => fake.close());
  const provider = new TwilioProvider({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    phoneNumber: '+15005550006',
    apiBaseUrl: fake.url,
    timeoutMs: 300,
  });
  return {
    provider,
    stage: (failure) => {
      // Twilio's own wording, which quotes the number.
      if (failure === 'bad-number') fake.script({ kind: 'error', status: 400, code: 21211, message: `The 'To' number ${message().to} is not a valid phone number.` });
      if (failure === 'outage') fake.script({ kind: 'error', status: 500, code: 20500, message: 'Internal Server Error' });
      if (failure === 'hang') fake.script({ kind: 'hang' });
    },
    lastCodeReceived: () => fake.messages.at(-1)?.Body?.match(/\d{6}/)?.[0],
  };
});
