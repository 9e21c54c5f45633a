/**
 * Who a failure is about. `recipient` failures (bad, unreachable or opted-out
 * number) would fail at any provider, so they never fail over; `provider`
 * failures (outage, throttling, credentials, account limits) may succeed elsewhere.
 */
export type FailureFault = 'recipient' | 'provider';

import { redactPhoneNumbers } from '@otp/phone';

/**
 * A provider failure, classified. `permanent` failures (bad number, bad
 * credentials) are never retried at the same provider; the rest are.
 *
 * Providers explain failures in prose that often quotes the recipient ("The
 * 'To' number +91… is not a valid phone number"): the message keeps that prose
 * for operators with every phone number masked. What outlives a log line (job
 * records, BullMQ's failedReason) carries `providerCode` instead.
 */
export class SmsProviderError extends Error {
  readonly provider: string;
  readonly permanent: boolean;
  readonly fault: FailureFault;
  /** The provider's own error code, e.g. Twilio's `21211`, or `timeout` / `network` / `http_503`. */
  readonly providerCode: string | undefined;
  /** Set for failures an operator must fix: the variable to check, e.g. TWILIO_AUTH_TOKEN. */
  readonly configVariable: string | undefined;

  constructor(
    provider: string,
    message: string,
    options: { permanent: boolean; fault?: FailureFault; providerCode?: string; configVariable?: string; cause?: unknown },
  ) {
    super(redactPhoneNumbers(message), { cause: options.cause });
    this.name = 'SmsProviderError';
    this.provider = provider;
    this.permanent = options.permanent;
    this.fault = options.fault ?? 'provider';
    this.providerCode = options.providerCode;
    this.configVariable = options.configVariable;
  }
}
