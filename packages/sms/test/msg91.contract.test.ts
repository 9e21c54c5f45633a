import { Msg91Provider } from '@otp/sms';
import { FakeMsg91Server } from '@otp/testkit';
import t from 'tap';
import { message, providerContract } from './contract.js';

const AUTH_KEY = 'contract-msg91-key';

providerContract(t, { channel: 'sms', failures: ['bad-number', 'outage', 'hang'] }, async (t) => {
  const fake = await new FakeMsg91Server({ authKey: AUTH_KEY }).start();
  t.teardown(() => fake.close());
  const provider = new Msg91Provider({ authKey: AUTH_KEY, templateId: 'tmpl-otp-1', apiBaseUrl: fake.url, timeoutMs: 300 });
  return {
    provider,
    stage: (failure) => {
      // MSG91 may echo the number as it was sent: country code, no +.
      if (failure === 'bad-number') fake.script({ kind: 'error', status: 400, message: `Invalid mobile number ${message().to.slice(1)}` });
      if (failure === 'outage') fake.script({ kind: 'error', status: 503, message: 'Service unavailable' });
      if (failure === 'hang') fake.script({ kind: 'hang' });
    },
    lastCodeReceived: () => fake.otps.at(-1)?.otp,
  };
});
