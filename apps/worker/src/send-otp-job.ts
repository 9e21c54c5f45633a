import type { Logger, Metrics } from '@otp/observability';
import type { OtpStore } from '@otp/otp';
import type { PayloadSealer, SmsJobData } from '@otp/queue';
import { SmsProviderError, renderMessage, type SmsProvider } from '@otp/sms';
import { UnrecoverableError, type Job } from 'bullmq';
import { recordFailure, recordSent } from './send-metrics.js';

export interface SendOtpJobDeps {
  store: OtpStore;
  sealer: PayloadSealer;
  provider: SmsProvider;
  logger: Logger;
  metrics: Metrics;
  messageTemplate: string;
  /** Per-app templates (APP_SETTINGS) that replace `messageTemplate` for that app's codes. */
  appMessageTemplates?: Readonly<Record<string, string>>;
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
    const log = deps.logger.child({ requestId, phone: phoneMasked, jobId: job.id, attempt: job.attemptsMade + 1 });
    const { phone, otp } = deps.sealer.open(job.data.sealed, requestId);

    const state = await deps.store.inspect(phone, requestId);
    if (!state.live) {
      log.info({ reason: state.reason }, 'sms skipped: code is no longer live');
      deps.metrics.smsSkipped.inc({ reason: state.reason });
      return { status: 'skipped', reason: state.reason };
    }

    const template = (job.data.app && deps.appMessageTemplates?.[job.data.app]) || deps.messageTemplate;
    const body = renderMessage(template, { otp, ttlSeconds: deps.ttlSeconds });
    const labels = { provider: deps.provider.name, country };
    const started = performance.now();
    const elapsedSeconds = (): number => (performance.now() - started) / 1000;
    try {
      const receipt = await deps.provider.send({
        requestId,
        to: phone,
        country,
        body,
        otp,
        validitySeconds: Math.floor(state.remainingMs / 1000),
      });
      recordSent(deps.metrics, labels, elapsedSeconds());
      log.info({ provider: deps.provider.name, providerMessageId: receipt.providerMessageId }, 'sms sent');
      return { status: 'sent', provider: deps.provider.name, providerMessageId: receipt.providerMessageId };
    } catch (error) {
      recordFailure(deps.metrics, labels, elapsedSeconds(), error, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      if (error instanceof SmsProviderError && error.permanent) {
        log.error({ provider: error.provider, providerCode: error.providerCode, err: error }, 'sms failed permanently');
        throw new UnrecoverableError(error.message);
      }
      log.warn({ provider: deps.provider.name, err: error }, 'sms attempt failed; will retry');
      throw error;
    }
  };
}
