import { SmsProviderError, type SmsMessage, type SmsProvider, type SmsReceipt } from '@otp/sms';

/**
 * Drill-only provider: posts each SMS (never the code) to the drill's SmsCollector
 * over HTTP, so a worker in another process can be slowed, failed and counted.
 */
export class CollectorProvider implements SmsProvider {
  readonly name = 'drill-collector';
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const response = await fetch(this.#url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: message.requestId, to: message.to }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new SmsProviderError(this.name, `collector answered ${response.status}`, { permanent: false });
    const { id } = (await response.json()) as { id: string };
    return { providerMessageId: id };
  }
}
