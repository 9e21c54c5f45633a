import { FakeSmsProvider } from '@otp/testkit';
import t from 'tap';
import { providerContract } from './contract.js';

providerContract(t, ['bad-number', 'outage'], async () => {
  const provider = new FakeSmsProvider();
  return {
    provider,
    stage: (failure) => {
      if (failure === 'bad-number') provider.script({ kind: 'fail', permanent: true, fault: 'recipient', providerCode: 'invalid_number' });
      if (failure === 'outage') provider.script({ kind: 'fail', permanent: false, providerCode: 'outage' });
    },
    lastCodeReceived: () => provider.sent.at(-1)?.otp,
  };
});
