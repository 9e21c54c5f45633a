import { SmsProviderError, type SmsMessage, type SmsProvider } from '@otp/sms';
import type { Test } from 'tap';

/** The failures a harness can stage for the next call, in its provider's own way. */
export type StagedFailure = 'bad-number' | 'outage' | 'hang';

/** What one provider under contract offers the suite. */
export interface ContractHarness {
  provider: SmsProvider;
  stage(failure: StagedFailure): void;
  /** The code as it reached the provider's side (its wire, or its console). */
  lastCodeReceived(): string | undefined;
}

export function message(overrides: Partial<SmsMessage> = {}): SmsMessage {
  return {
    requestId: '6f1c8a3e-0000-4000-8000-000000000001',
    to: '+919876543210',
    country: 'IN',
    body: 'Your IndoStar Naturals verification code is: 482913. Valid for 10 minutes.',
    otp: '482913',
    validitySeconds: 540,
    ...overrides,
  };
}

/**
 * The contract every SMS provider honours, run against each of them (bull-board
 * style: one suite, one harness per adapter). The worker relies on exactly
 * this: an id per accepted message, and failures classified so that bad
 * numbers are never retried and outages and timeouts always are.
 */
export function providerContract(
  t: Test,
  /** Failures this provider can be made to show. A development provider never fails. */
  failures: StagedFailure[],
  setup: (t: Test) => Promise<ContractHarness>,
): void {
  const unless = (failure: StagedFailure) => ({ skip: failures.includes(failure) ? false : `this provider cannot show: ${failure}` });

  t.test('accepts a message and returns a distinct provider message id per send', async (t) => {
    const harness = await setup(t);
    const first = await harness.provider.send(message());
    const second = await harness.provider.send(message());
    t.type(first.providerMessageId, 'string');
    t.ok(first.providerMessageId.length > 0);
    t.not(first.providerMessageId, second.providerMessageId);
  });

  t.test('delivers the code we generated', async (t) => {
    const harness = await setup(t);
    await harness.provider.send(message({ otp: '730155', body: 'Your code is: 730155.' }));
    t.equal(harness.lastCodeReceived(), '730155');
  });

  t.test('a bad number is a permanent failure about the recipient', unless('bad-number'), async (t) => {
    const harness = await setup(t);
    harness.stage('bad-number');
    const error = await harness.provider.send(message()).catch((e: unknown) => e);
    t.type(error, SmsProviderError);
    t.match(error, { permanent: true, fault: 'recipient', provider: harness.provider.name });
    t.ok((error as SmsProviderError).providerCode, 'carries the provider error code');
    // Providers quote the number in their prose; the error masks it wherever it is printed.
    const national = message().to.slice(-10);
    t.notOk(`${(error as Error).message}\n${(error as Error).stack}`.includes(national), 'its message and stack hold no phone number');
  });

  t.test('a provider outage is transient and the provider is at fault', unless('outage'), async (t) => {
    const harness = await setup(t);
    harness.stage('outage');
    const error = await harness.provider.send(message()).catch((e: unknown) => e);
    t.type(error, SmsProviderError);
    t.match(error, { permanent: false, fault: 'provider' });
  });

  t.test('a call that never answers times out as a transient failure', unless('hang'), async (t) => {
    const harness = await setup(t);
    harness.stage('hang');
    const error = await harness.provider.send(message()).catch((e: unknown) => e);
    t.type(error, SmsProviderError);
    t.match(error, { permanent: false, providerCode: 'timeout' });
  });
}
