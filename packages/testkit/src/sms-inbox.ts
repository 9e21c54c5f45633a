import { Writable } from 'node:stream';

export interface InboxMessage {
  to: string;
  body: string;
}

/**
 * The console of the development provider, captured: pass it as the provider's
 * output stream and read the SMS back as a user would read their phone.
 */
export class SmsInbox extends Writable {
  readonly messages: InboxMessage[] = [];
  readonly #waiters = new Set<() => void>();

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      const match = /^\[development SMS\] to (\+\d+): (.*)$/.exec(line);
      if (match?.[1] && match[2] !== undefined) this.messages.push({ to: match[1], body: match[2] });
    }
    for (const waiter of this.#waiters) waiter();
    callback();
  }

  /** All messages to `phone`, oldest first. */
  to(phone: string): InboxMessage[] {
    return this.messages.filter((message) => message.to === phone);
  }

  /** The code in the newest SMS to `phone`. */
  lastCodeFor(phone: string): string | undefined {
    return this.to(phone).at(-1)?.body.match(/\b\d{4,10}\b/)?.[0];
  }

  /** Resolves when `phone` has received `count` messages in all. */
  async waitFor(phone: string, count = 1, timeoutMs = 10_000): Promise<InboxMessage> {
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.to(phone).length < count) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`${phone} received ${this.to(phone).length} of ${count} SMS within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
    return this.to(phone)[count - 1] as InboxMessage;
  }
}
