import { randomUUID } from 'node:crypto';
import type { SmsMessage, SmsProvider, SmsReceipt } from './sms-provider.js';

/**
 * Prints each SMS, code included, instead of sending it: the seed guide's
 * development mode. The only place the plaintext code is ever written out.
 */
export class DevelopmentProvider implements SmsProvider {
  readonly name = 'development';
  readonly #out: NodeJS.WritableStream;

  constructor(out: NodeJS.WritableStream = process.stdout) {
    this.#out = out;
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    this.#out.write(`[development SMS] to ${message.to}: ${message.body}\n`);
    return { providerMessageId: `dev-${randomUUID()}` };
  }
}
