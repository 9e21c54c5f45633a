import { randomUUID } from 'node:crypto';
import type { Channel } from '@otp/channels';
import { SmsProviderError, type ChannelProvider, type FailureFault, type SmsMessage, type SmsProvider, type SmsReceipt } from '@otp/sms';

/** What the fake does on one call. */
export type FakeBehaviour =
  | { kind: 'accept'; delayMs?: number }
  | { kind: 'fail'; permanent: boolean; fault?: FailureFault; providerCode?: string; delayMs?: number };

/**
 * An in-memory provider whose answers a test scripts call by call. Unscripted
 * calls are accepted. Used where a test is about the worker, not about a wire;
 * give it a channel to stand in for a WhatsApp or voice provider.
 */
export class FakeSmsProvider implements SmsProvider, ChannelProvider {
  readonly name: string;
  readonly channel: Channel;
  readonly sent: SmsMessage[] = [];
  readonly calls: SmsMessage[] = [];
  readonly #script: FakeBehaviour[] = [];
  readonly #waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(name = 'fake', channel: Channel = 'sms') {
    this.name = name;
    this.channel = channel;
  }

  /** Queues behaviours for the next calls, in order. */
  script(...behaviours: FakeBehaviour[]): this {
    this.#script.push(...behaviours);
    return this;
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    this.calls.push(message);
    const behaviour = this.#script.shift() ?? { kind: 'accept' };
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    if (behaviour.kind === 'fail') {
      throw new SmsProviderError(this.name, `scripted ${behaviour.permanent ? 'permanent' : 'transient'} failure`, {
        permanent: behaviour.permanent,
        fault: behaviour.fault,
        providerCode: behaviour.providerCode,
      });
    }
    this.sent.push(message);
    this.#notify();
    return { providerMessageId: `fake-${randomUUID()}` };
  }

  /** Resolves once `count` messages in total have been accepted. */
  waitForSent(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.sent.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.sent.length} of ${count} SMS sent after ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** The code in the latest SMS to `phone`, read from the text as a user would. */
  lastCodeFor(phone: string): string | undefined {
    const message = this.sent.filter((m) => m.to === phone).at(-1);
    return message?.body.match(/\d{4,10}/)?.[0];
  }

  #notify(): void {
    for (const waiter of this.#waiters.filter((w) => this.sent.length >= w.count)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}
