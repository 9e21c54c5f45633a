/**
 * A provider failure, classified. `permanent` failures (bad number, bad
 * credentials) are never retried; the rest are.
 */
export class SmsProviderError extends Error {
  readonly provider: string;
  readonly permanent: boolean;
  /** The provider's own error code, e.g. Twilio's `21211`. */
  readonly providerCode: string | undefined;

  constructor(provider: string, message: string, options: { permanent: boolean; providerCode?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'SmsProviderError';
    this.provider = provider;
    this.permanent = options.permanent;
    this.providerCode = options.providerCode;
  }
}
