import type { Logger, Metrics } from '@otp/observability';
import type { OtpStore } from '@otp/otp';
import type { PayloadSealer, SmsJobData } from '@otp/queue';
import { SmsProviderError, renderMessage, type SmsProvider } from '@otp/sms';
import { UnrecoverableError, type Job } from 'bullmq';

export interface SendOtpJobDeps {
  store: OtpStore;
  sealer: PayloadSealer;
  provider: SmsProvider;
  logger: Logger;
  metrics: Metrics;
  messageTemplate: string;
  ttlSeconds: number;
}

export type SendOtpJobResult =
  | { status: 'sent'; provider: string; providerMessageId: string }
  | { status: 'skipped'; reason: string };

/**
 * Processes one send job: open the sealed payload, make sure the code is still the
 * live one, then hand the SMS to the provider. Failures the provider calls permanent
 * become UnrecoverableError, so BullMQ stops retrying them.
 */
export function createSendOtpProcessor(deps: SendOtpJobDeps) {
  return async function sendOtp(job: Job<SmsJobData>): Promise<SendOtpJobResult> {
    const { requestId, country, phoneMasked } = job.data;
    // Plain fields instead of logger.child(): a child is built (and redacted) on every
    // job even when its level is off, which the bench showed costs as much as a send.
    const context = { requestId, phone: phoneMasked, jobId: job.id, attempt: job.attemptsMade + 1 };
    const { phone, otp } = deps.sealer.open(job.data.sealed, requestId);

    const state = await deps.store.inspect(phone, requestId);
    if (!state.live) {
      deps.logger.info({ ...context, reason: state.reason }, 'sms skipped: code is no longer live');
      return { status: 'skipped', reason: state.reason };
    }

    const body = renderMessage(deps.messageTemplate, { otp, ttlSeconds: deps.ttlSeconds });
    try {
      const receipt = await deps.provider.send({
        requestId,
        to: phone,
        country,
        body,
        otp,
        validitySeconds: Math.floor(state.remainingMs / 1000),
      });
      deps.logger.info({ ...context, provider: deps.provider.name, providerMessageId: receipt.providerMessageId }, 'sms sent');
      return { status: 'sent', provider: deps.provider.name, providerMessageId: receipt.providerMessageId };
    } catch (error) {
      if (error instanceof SmsProviderError && error.permanent) {
        deps.logger.error({ ...context, provider: error.provider, providerCode: error.providerCode, err: error }, 'sms failed permanently');
        throw new UnrecoverableError(error.message);
      }
      deps.logger.warn({ ...context, provider: deps.provider.name, err: error }, 'sms attempt failed; will retry');
      throw error;
    }
  };
}
