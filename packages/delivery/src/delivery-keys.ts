/**
 * Key names. Each record is its own hash tag, so it stays a single-key script
 * under Redis Cluster; the provider-id index lives in another slot and is only
 * ever written with a plain SET beside it.
 */
export class DeliveryKeys {
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  record(requestId: string): string {
    return `${this.#prefix}delivery:{${requestId}}`;
  }

  byProviderMessageId(provider: string, providerMessageId: string): string {
    return `${this.#prefix}delivery-pmid:{${provider}:${providerMessageId}}`;
  }
}
