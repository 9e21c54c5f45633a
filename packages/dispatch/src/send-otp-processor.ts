import type { DeliveryAttempt, DeliveryStore } from '@otp/delivery';
import type { BudgetLedger } from '@otp/guard';
import type { Logger, Metrics } from '@otp/observability';
import type { OtpStore } from '@otp/otp';
import { UnreadablePayloadError, type PayloadSealer, type SealedSecret, type SmsJobData } from '@otp/queue';
import {
  SmsProviderError,
  renderMessage,
  type ExponentialBackoff,
  type ProviderRouter,
  type SmsProvider,
  type SmsReceipt,
} from '@otp/sms';
import { UnrecoverableError, type Job } from 'bullmq';
import { jobLog, type JobLog } from './job-log.js';

export interface SendOtpProcessorDeps {
  store: OtpStore;
  sealer: PayloadSealer;
  /** Picks the provider of each attempt: routing by country, failover after provider-side failures. */
  router: ProviderRouter;
  delivery: DeliveryStore;
  /** Counts each attempt that reaches a provider on the daily budgets, the way the API counted the send. */
  budget: BudgetLedger;
  /** Plans the delay before each retry; the worker's backoff strategy replays it. */
  backoff: ExponentialBackoff;
  logger: Logger;
  metrics: Metrics;
  messageTemplate: string;
  /** Per-app templates (APP_SETTINGS) that replace `messageTemplate` for that app's codes. */
  appMessageTemplates?: Readonly<Record<string, string>>;
  ttlSeconds: number;
}

export type SendOtpResult =
  | { status: 'sent'; provider: string; providerMessageId: string }
  | { status: 'skipped'; reason: string };

/**
 * A code with less lifetime left than this would die before the user could read and
 * type it: sending it only costs money, and it would arrive as a code that no longer works.
 */
const MIN_USEFUL_LIFETIME_MS = 2000;

/** Why a send ended without the provider accepting it. */
type FailureReason = 'permanent_error' | 'retries_exhausted' | 'expires_before_retry' | 'unreadable_payload';

/**
 * Processes one attempt of a send job: open the sealed payload, make sure the
 * code is still the live one, pick the provider, send, and record the attempt.
 * A failed attempt either plans a retry (stored in the job for the backoff
 * strategy and for failover) or ends the job with UnrecoverableError: for
 * permanent errors, when attempts run out, and when the next retry would land
 * after the code expires.
 *
 * The worker app hands `process` to a BullMQ Worker; everything it decides lives here.
 */
export class SendOtpProcessor {
  readonly #deps: SendOtpProcessorDeps;
  /** Configuration problems already reported by this process, by variable. */
  readonly #reportedConfigProblems = new Set<string>();

  constructor(deps: SendOtpProcessorDeps) {
    this.#deps = deps;
  }

  /** The delay a retry after `attempt` waits when the failed attempt planned none. */
  retryDelayMs(attempt: number): number {
    return this.#deps.backoff.delayMs(attempt);
  }

  readonly process = async (job: Job<SmsJobData>): Promise<SendOtpResult> => {
    const deps = this.#deps;
    const { requestId, country, phoneMasked, app } = job.data;
    const attempt = job.attemptsMade + 1;
    const log = jobLog(deps.logger, { requestId, phone: phoneMasked, jobId: job.id });
    const { phone, otp } = await this.#open(job, log);

    const state = await deps.store.inspect({ app, phone }, requestId);
    if (!state.live || state.remainingMs < MIN_USEFUL_LIFETIME_MS) {
      const skipReason = state.live ? 'expires_before_delivery' : state.reason;
      if (attempt === 1) await this.#budgetNeverUsed(job, log);
      await deps.delivery.skipped(requestId, skipReason);
      deps.metrics.smsSkipped.inc({ reason: skipReason });
      log.info({ attempt, reason: skipReason }, 'sms skipped: code is no longer live');
      return { status: 'skipped', reason: skipReason };
    }

    const template = deps.appMessageTemplates?.[app] || deps.messageTemplate;
    const provider = deps.router.choose(country, job.data.retry);
    // Not awaited before the send: one round trip less per job. ioredis writes it at once, and every later
    // write of this record goes over the same connection (on a cluster, to the same node), so Redis applies it first.
    const sending = deps.delivery
      .sending({ requestId, app, phoneMasked, country })
      .catch((error: unknown) => log.error({ err: error }, 'could not record the sending status'));
    // Counted, never awaited before the send: the API accepted this send, so the budget does not get to refuse it.
    const counted = deps.budget
      .attempted(job.data, attempt, provider.name)
      .catch((error: unknown) => log.error({ err: error }, 'could not count the attempt on the daily budget'));
    const startedAt = Date.now();
    let receipt: SmsReceipt;
    try {
      receipt = await provider.send({
        requestId,
        to: phone,
        country,
        body: renderMessage(template, { otp, ttlSeconds: deps.ttlSeconds }),
        otp,
        validitySeconds: Math.floor(state.remainingMs / 1000),
      });
    } catch (error) {
      const latencyMs = Date.now() - startedAt;
      await Promise.all([sending, counted]);
      return this.#failed(job, log, asProviderError(provider, error), { attempt, provider: provider.name, startedAt, latencyMs });
    }
    const record: DeliveryAttempt = { attempt, provider: provider.name, startedAt, latencyMs: Date.now() - startedAt, outcome: 'sent' };
    await Promise.all([sending, counted]);
    deps.metrics.providerLatency.observe({ provider: provider.name, outcome: 'sent' }, record.latencyMs / 1000);
    deps.metrics.smsSent.inc({ provider: provider.name, country });
    deps.metrics.smsSpend.inc({ provider: provider.name, country });
    log.info({ ...record, providerMessageId: receipt.providerMessageId }, 'sms attempt');
    // The SMS is out: failing the job now would send it twice, so a lost status write is only logged.
    await deps.delivery
      .sent(requestId, record, receipt.providerMessageId)
      .catch((error: unknown) => log.error({ err: error }, 'could not record the sent status'));
    return { status: 'sent', provider: provider.name, providerMessageId: receipt.providerMessageId };
  };

  /**
   * The phone and code. A payload no key on the ring opens was sealed under a secret this
   * process does not hold: no retry can change that, so the job fails at once, saying which
   * variable to fix. Key ids name secrets without revealing them, so they are safe to log.
   */
  async #open(job: Job<SmsJobData>, log: JobLog): Promise<SealedSecret> {
    try {
      return this.#deps.sealer.open(job.data.sealed, job.data.requestId);
    } catch (error) {
      if (!(error instanceof UnreadablePayloadError)) throw error;
      const reason: FailureReason = 'unreadable_payload';
      await this.#deps.delivery.failed(job.data.requestId, { reason });
      this.#deps.metrics.smsFailed.inc({ provider: 'none', country: job.data.country, error_code: reason });
      log.error(
        { reason, payloadKeyId: error.keyId, keyIds: this.#deps.sealer.keyIds },
        `job payload cannot be opened with OTP_SECRET or OTP_SECRET_PREVIOUS (${error.message}): ` +
          'it was queued under another OTP_SECRET. Set OTP_SECRET_PREVIOUS to that secret on the worker while such jobs drain.',
      );
      throw new UnrecoverableError(reason);
    }
  }

  /**
   * Records a failed attempt, then hands the job back to BullMQ for a retry or ends it:
   * as skipped when the code would be dead before the retry lands (like any code that is
   * no longer live, it was never going to be sent), else as failed with UnrecoverableError.
   */
  async #failed(job: Job<SmsJobData>, log: JobLog, failure: SmsProviderError, base: Omit<DeliveryAttempt, 'outcome'>): Promise<SendOtpResult> {
    const deps = this.#deps;
    const { requestId, country } = job.data;
    const errorCode = failure.providerCode ?? 'unknown';
    deps.metrics.providerLatency.observe({ provider: base.provider, outcome: 'error' }, base.latencyMs / 1000);
    this.#reportConfigProblem(failure, log);
    // Drawn once, so the expiry check and the schedule agree on the same jittered delay.
    const delayMs = deps.backoff.delayMs(base.attempt);
    const ending = this.#endingReason(job, failure, base.attempt, delayMs);
    if (ending === 'expires_before_retry') {
      const record: DeliveryAttempt = { ...base, errorCode, outcome: 'failed' };
      await deps.delivery.skipped(requestId, ending, record);
      deps.metrics.smsSkipped.inc({ reason: ending });
      log.warn({ ...record, reason: ending, err: failure }, 'sms attempt');
      return { status: 'skipped', reason: ending };
    }
    if (ending) {
      const record: DeliveryAttempt = { ...base, errorCode, outcome: 'failed' };
      await deps.delivery.failed(requestId, { reason: ending, errorCode, attempt: record });
      deps.metrics.smsFailed.inc({ provider: base.provider, country, error_code: errorCode });
      log.error({ ...record, reason: ending, err: failure }, 'sms attempt');
      throw new UnrecoverableError(`${ending}: ${failureSummary(failure)}`);
    }
    const record: DeliveryAttempt = { ...base, errorCode, outcome: 'retry', retryInMs: delayMs };
    await job.updateData({ ...job.data, retry: { provider: base.provider, fault: failure.fault, delayMs } });
    await deps.delivery.retrying(requestId, record);
    deps.metrics.smsRetried.inc({ provider: base.provider, country, error_code: errorCode });
    log.warn({ ...record, err: failure }, 'sms attempt');
    throw new Error(`retrying: ${failureSummary(failure)}`);
  }

  /** The first attempt counted by the API's admission never reached a provider: nothing was billed, so the budget gets it back. */
  async #budgetNeverUsed(job: Job<SmsJobData>, log: JobLog): Promise<void> {
    await this.#deps.budget.unused(job.data).catch((error: unknown) => log.error({ err: error }, 'could not give an unused send back to the daily budget'));
  }

  /** Undefined when another attempt should follow. */
  #endingReason(job: Job<SmsJobData>, failure: SmsProviderError, attempt: number, delayMs: number): FailureReason | undefined {
    if (failure.permanent && !this.#deps.router.failsOver(job.data.country, failure)) return 'permanent_error';
    if (attempt >= (job.opts.attempts ?? 1)) return 'retries_exhausted';
    if (Date.now() + delayMs >= job.data.expiresAt) return 'expires_before_retry';
    return undefined;
  }

  /** Authentication and configuration failures: one loud line per variable and process, naming what to fix. */
  #reportConfigProblem(failure: SmsProviderError, log: JobLog): void {
    if (!failure.configVariable || this.#reportedConfigProblems.has(failure.configVariable)) return;
    this.#reportedConfigProblems.add(failure.configVariable);
    log.error(
      { provider: failure.provider, providerCode: failure.providerCode, variable: failure.configVariable },
      `SMS provider ${failure.provider} rejected our configuration: check ${failure.configVariable}. ${failure.message}`,
    );
  }
}

/**
 * What BullMQ keeps of a failure (failedReason and stack trace, for a day, on the
 * dashboard): the provider and its error code, never its prose, which may quote
 * the recipient's number or name. The prose goes to the log line, masked.
 */
function failureSummary(failure: SmsProviderError): string {
  return `${failure.provider} ${failure.permanent ? 'permanent' : 'transient'} failure, code ${failure.providerCode ?? 'unknown'}`;
}

function asProviderError(provider: SmsProvider, error: unknown): SmsProviderError {
  if (error instanceof SmsProviderError) return error;
  return new SmsProviderError(provider.name, error instanceof Error ? error.message : String(error), {
    permanent: false,
    providerCode: 'unexpected',
    cause: error,
  });
}
