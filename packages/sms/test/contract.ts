import type { Channel } from '@otp/channels';
import { SmsProviderError, type ChannelMessage, type ChannelProvider } from '@otp/sms';
import type { Test } from 'tap';

/** The failures a harness can stage for the next call, in its provider's own way. */
export type StagedFailure = 'bad-number' | 'not-on-channel' | 'outage' | 'hang';

/** What one provider under contract offers the suite. */
export interface ContractHarness {
  provider: ChannelProvider;
  stage(failure: StagedFailure): void;
  /** The code as it reached the provider's side (its wire, or its console). */
  lastCodeReceived(): string | undefined;
}

/** What each channel's message says around the code: the SMS text, or the sentence a call speaks first. */
const BODIES: Record<Channel, (otp: string) => string> = {
  sms: (otp) => `Your IndoStar Naturals verification code is: ${otp}. Valid for 10 minutes.`,
  whatsapp: (otp) => `Your IndoStar Naturals verification code is: ${otp}. Valid for 10 minutes.`,
  voice: () => 'Your verification code is',
};

export function message(overrides: Partial<ChannelMessage> = {}): ChannelMessage {
  const channel = overrides.channel ?? 'sms';
  const otp = overrides.otp ?? '482913';
  return {
    requestId: '6f1c8a3e-0000-4000-8000-000000000001',
    channel,
    locale: 'en',
    to: '+919876543210',
    country: 'IN',
    body: BODIES[channel](otp),
    otp,
    validitySeconds: 540,
    ...overrides,
  };
}

/**
 * The contract every provider honours on every channel it serves, run against
 * each of them (bull-board style: one suite, one harness per adapter and
 * channel). The worker relies on exactly this: an id per accepted message, and
 * failures classified so that bad numbers are never retried, a recipient the
 * channel cannot reach moves to the next channel, and outages and timeouts are
 * always retried.
 */
export function providerContract(
  t: Test,
  options: {
    channel: Channel;
    /** Failures this provider can be made to show. A development provider never fails. */
    failures: StagedFailure[];
  },
  setup: (t: Test) => Promise<ContractHarness>,
): void {
  const { channel, failures } = options;
  const unless = (failure: StagedFailure) => ({ skip: failures.includes(failure) ? false : `this provider cannot show: ${failure}` });

  t.test(`serves the ${channel} channel`, async (t) => {
    const harness = await setup(t);
    t.equal(harness.provider.channel, channel);
    t.match(harness.provider.name, /^[a-z0-9]+$/, 'a provider name for records, metrics and delivery reports');
  });

  t.test('accepts a message and returns a distinct provider message id per send', async (t) => {
    const harness = await setup(t);
    const first = await harness.provider.send(message({ channel }));
    const second = await harness.provider.send(message({ channel }));
    t.type(first.providerMessageId, 'string');
    t.ok(first.providerMessageId.length > 0);
    t.not(first.providerMessageId, second.providerMessageId);
  });

  t.test('delivers the code we generated', async (t) => {
    const harness = await setup(t);
    await harness.provider.send(message({ channel, otp: '730155' }));
    t.equal(harness.lastCodeReceived(), '730155');
  });

  t.test('a bad number is a permanent failure about the recipient', unless('bad-number'), async (t) => {
    const harness = await setup(t);
    harness.stage('bad-number');
    const error = await harness.provider.send(message({ channel })).catch((e: unknown) => e);
    t.type(error, SmsProviderError);
    t.match(error, { permanent: true, fault: 'recipient', provider: harness.provider.name });
    t.ok((error as SmsProviderError).providerCode, 'carries the provider error code');
    // Providers quote the number in their prose; the error masks it wherever it is printed.
    const national = message().to.slice(-10);
    t.notOk(`${(error as Error).message}\n${(error as Error).stack}`.includes(national), 'its message and stack hold no phone number');
  });

  t.test('a recipient the channel cannot reach is a permanent failure about the recipient, so the next channel is tried', unless('not-on-channel'), async (t) => {
    const harness = await setup(t);
    harness.stage('not-on-channel');
    const error = await harness.provider.send(message({ channel })).catch((e: unknown) => e);
    t.type(error, SmsProviderError);
    t.match(error, { permanent: true, fault: 'recipient' });
  });

  t.test('a provider outage is transient and the provider is at fault', unless('outage'), async (t) => {
    const harness = await setup(t);
    harness.stage('outage');
    const error = await harness.provider.send(message({ channel })).catch((e: unknown) => e);
    t.type(error, SmsProviderError);
    t.match(error, { permanent: false, fault: 'provider' });
  });

  t.test('a call that never answers times out as a transient failure', unless('hang'), async (t) => {
    const harness = await setup(t);
    harness.stage('hang');
    const error = await harness.provider.send(message({ channel })).catch((e: unknown) => e);
    t.type(error, SmsProviderError);
    t.match(error, { permanent: false, providerCode: 'timeout' });
  });
}
