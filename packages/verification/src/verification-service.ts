import type { DeliveryStore } from '@otp/delivery';
import { isServiceError } from '@otp/errors';
import { maskPhone, type Metrics } from '@otp/observability';
import type { OtpStore } from '@otp/otp';
import { parsePhone } from '@otp/phone';
import type { PayloadSealer, SmsQueue } from '@otp/queue';

export interface SendResult {
  requestId: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

export interface VerificationDeps {
  store: OtpStore;
  queue: SmsQueue;
  sealer: PayloadSealer;
  metrics: Metrics;
  /** Where the "queued" step of the delivery record is written. */
  delivery: DeliveryStore;
}

/**
 * The two use cases the API exposes. The request path does only Redis work here;
 * the SMS itself is sent later by the worker, so a slow provider never slows a caller.
 */
export class VerificationService {
  readonly #deps: VerificationDeps;

  constructor(deps: VerificationDeps) {
    this.#deps = deps;
  }

  /** Issues a code for `phoneInput` and queues its SMS. */
  async send(phoneInput: string): Promise<SendResult> {
    const { store, queue, sealer } = this.#deps;
    const phone = parsePhone(phoneInput);
    const issued = await store.issue(phone.e164);
    const phoneMasked = maskPhone(phone.e164);
    try {
      await queue.enqueue({
        v: 1,
        requestId: issued.requestId,
        phoneMasked,
        country: phone.country,
        expiresAt: issued.expiresAt,
        sealed: sealer.seal({ phone: phone.e164, otp: issued.code }, issued.requestId),
      });
    } catch (error) {
      // Without a job no SMS will come: withdraw the code so the caller can retry at once.
      await store.revoke(phone.e164, issued.requestId).catch(() => undefined);
      throw error;
    }
    // Best effort: the SMS is queued already, and the worker recreates a missing record on its first attempt.
    await this.#deps.delivery.queued({ requestId: issued.requestId, phoneMasked, country: phone.country }).catch(() => undefined);
    this.#deps.metrics.otpRequested.inc({ country: phone.country });
    return {
      requestId: issued.requestId,
      expiresInSeconds: store.policy.ttlSeconds,
      resendAfterSeconds: store.policy.resendCooldownSeconds,
    };
  }

  /** Resolves when `otp` is the live code for `phoneInput`; throws a ServiceError otherwise. */
  async verify(phoneInput: string, otp: string): Promise<void> {
    const { store, metrics } = this.#deps;
    try {
      await store.verify(parsePhone(phoneInput).e164, otp);
      metrics.otpVerified.inc();
    } catch (error) {
      metrics.otpVerifyFailed.inc({ reason: isServiceError(error) ? error.code : 'INTERNAL_ERROR' });
      throw error;
    }
  }
}
