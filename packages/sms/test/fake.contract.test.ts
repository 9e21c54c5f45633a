import { CHANNELS } from '@otp/channels';
import { FakeSmsProvider } from '@otp/testkit';
import t from 'tap';
import { providerContract } from './contract.js';

for (const channel of CHANNELS) {
  t.test(channel, async (t) => {
    providerContract(t, { channel, failures: ['bad-number', 'not-on-channel', 'outage'] }, async () => {
      const provider = new FakeSmsProvider('fake', channel);
      return {
        provider,
        stage: (failure) => {
          if (failure === 'bad-number') provider.script({ kind: 'fail', permanent: true, fault: 'recipient', providerCode: 'invalid_number' });
          if (failure === 'not-on-channel') provider.script({ kind: 'fail', permanent: true, fault: 'recipient', providerCode: 'not_on_channel' });
          if (failure === 'outage') provider.script({ kind: 'fail', permanent: false, providerCode: 'outage' });
        },
        lastCodeReceived: () => provider.sent.at(-1)?.otp,
      };
    });
  });
}
