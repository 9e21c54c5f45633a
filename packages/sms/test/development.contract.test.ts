import { DevelopmentProvider } from '@otp/sms';
import { SmsInbox } from '@otp/testkit';
import t from 'tap';
import { providerContract } from './contract.js';

providerContract(t, [], async () => {
  const inbox = new SmsInbox();
  return {
    provider: new DevelopmentProvider(inbox),
    stage: () => undefined,
    lastCodeReceived: () => inbox.lastCodeFor('+919876543210'),
  };
});
