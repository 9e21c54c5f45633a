/** One SMS to send. Everything a provider may need, so providers never reach into Redis or config. */
export interface SmsMessage {
  requestId: string;
  /** E.164, e.g. `+919876543210`. */
  to: string;
  /** ISO country of `to`. */
  country: string;
  /** The full rendered text. */
  body: string;
  /** The code alone, for providers that fill their own template (MSG91 DLT). */
  otp: string;
  /** Seconds the code stays valid; providers that support it must not deliver later than this. */
  validitySeconds: number;
}

export interface SmsReceipt {
  /** The provider's id for the message, used to match delivery reports. */
  providerMessageId: string;
}

/**
 * The contract every provider implements. `send` resolves once the provider has
 * accepted the message; it rejects with a SmsProviderError saying whether a retry
 * can help.
 */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<SmsReceipt>;
}
