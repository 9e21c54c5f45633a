import { randomUUID } from 'node:crypto';
import { SmsProviderError, type SmsMessage, type SmsProvider, type SmsReceipt } from '@otp/sms';

export interface TimedFakeSettings {
  /** Time each call takes before it answers. 0 answers on the next tick. */
  latencyMs: number;
  /** Share of calls, 0–1, that fail with a transient error after the latency. */
  failureRate: number;
}

/** A bench-only provider: a fixed latency and a random share of transient failures, nothing sent anywhere. */
export class TimedFakeProvider implements SmsProvider {
  readonly name = 'bench-fake';
  readonly #settings: TimedFakeSettings;

  constructor(settings: TimedFakeSettings) {
    this.#settings = settings;
  }

  async send(_message: SmsMessage): Promise<SmsReceipt> {
    if (this.#settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#settings.latencyMs));
    if (Math.random() < this.#settings.failureRate) {
      throw new SmsProviderError(this.name, 'simulated transient provider failure', { permanent: false });
    }
    return { providerMessageId: `bench-${randomUUID()}` };
  }
}
