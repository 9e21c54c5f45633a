import type { Metrics } from '@otp/observability';
import { SmsProviderError } from '@otp/sms';

export interface SendLabels {
  provider: string;
  country: string;
}

/** A provider acceptance: one message sent, one billable message, one latency sample. */
export function recordSent(metrics: Metrics, labels: SendLabels, seconds: number): void {
  metrics.smsSent.inc(labels);
  metrics.smsSpend.inc(labels);
  metrics.providerLatency.observe({ provider: labels.provider, outcome: 'sent' }, seconds);
}

/**
 * A failed provider call. It counts as `failed` when no retry will follow (a permanent
 * error, or the job's last attempt), otherwise as `retried`.
 */
export function recordFailure(metrics: Metrics, labels: SendLabels, seconds: number, error: unknown, lastAttempt: boolean): void {
  const permanent = error instanceof SmsProviderError && error.permanent;
  const errorCode = (error instanceof SmsProviderError ? error.providerCode : undefined) ?? 'unknown';
  metrics.providerLatency.observe({ provider: labels.provider, outcome: 'failed' }, seconds);
  const counter = permanent || lastAttempt ? metrics.smsFailed : metrics.smsRetried;
  counter.inc({ ...labels, error_code: errorCode });
}
