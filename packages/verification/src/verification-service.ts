import type { DeliveryStore } from '@otp/delivery';
import { isServiceError } from '@otp/errors';
import type { SendGuard, TestPhoneNumbers } from '@otp/guard';
import { maskPhone, type Metrics } from '@otp/observability';
import type { IssuedOtp, OtpStore } from '@otp/otp';
import { parsePhone, type Phone } from '@otp/phone';
import type { PayloadSealer, SmsQueue } from '@otp/queue';

export interface SendResult {
  requestId: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** Who asks for a send, as far as the abuse guard needs to know. */
export interface SendCaller {
  /** The authenticated app; undefined when the API runs without keys. */
  app?: string | undefined;
  captchaToken?: string | undefined;
  clientIp?: string | undefined;
}

export interface VerificationDeps {
  store: OtpStore;
  queue: SmsQueue;
  sealer: PayloadSealer;
  metrics: Metrics;
  guard: SendGuard;
  testNumbers: TestPhoneNumbers;
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

  /**
   * Issues a code for `phoneInput` and queues its SMS. The guard runs first, so a
   * refused send leaves nothing stored or queued and counts against nothing.
   */
  async send(phoneInput: string, caller: SendCaller = {}): Promise<SendResult> {
    const test = this.#deps.testNumbers.match(phoneInput);
    if (test) return this.#accepted(await this.#issue(test.phone, { fixedCode: test.code }));

    const { guard } = this.#deps;
    const phone = parsePhone(phoneInput);
    const admission = await guard.admit({ phone: phone.e164, country: phone.country, ...caller });
    let issued: IssuedOtp;
    try {
      issued = await this.#issue(phone.e164);
    } catch (error) {
      await admission.release().catch(() => undefined);
      throw error;
    }
    try {
      await this.#enqueue(phone, issued, caller.app);
    } catch (error) {
      // Without a job no SMS will come: withdraw the code and its counts so the caller can retry at once.
      await this.#deps.store.revoke(phone.e164, issued.requestId).catch(() => undefined);
      await admission.release().catch(() => undefined);
      throw error;
    }
    // Best effort: the SMS is queued already, and the worker recreates a missing record on its first attempt.
    await this.#deps.delivery.queued({ requestId: issued.requestId, phoneMasked: maskPhone(phone.e164), country: phone.country }).catch(() => undefined);
    this.#deps.metrics.otpRequested.inc(conversionLabels(phone.country, caller.app));
    return this.#accepted(issued);
  }

  /**
   * Resolves when `otp` is the live code for `phoneInput`; throws a ServiceError otherwise.
   * `app` labels the success like the send, so verified / requested is a conversion rate.
   */
  async verify(phoneInput: string, otp: string, caller: Pick<SendCaller, 'app'> = {}): Promise<void> {
    const { store, metrics } = this.#deps;
    try {
      const test = this.#deps.testNumbers.match(phoneInput);
      // Test numbers count in neither counter: they would lift the conversion that pumping alerts watch.
      if (test) return await store.verify(test.phone, otp);
      const phone = parsePhone(phoneInput);
      await store.verify(phone.e164, otp);
      metrics.otpVerified.inc(conversionLabels(phone.country, caller.app));
    } catch (error) {
      metrics.otpVerifyFailed.inc({ reason: isServiceError(error) ? error.code : 'INTERNAL_ERROR' });
      throw error;
    }
  }

  async #issue(phone: string, options: { fixedCode?: string } = {}): Promise<IssuedOtp> {
    try {
      return await this.#deps.store.issue(phone, options);
    } catch (error) {
      this.#deps.guard.recordRefusal(error);
      throw error;
    }
  }

  async #enqueue(phone: Phone, issued: IssuedOtp, app: string | undefined): Promise<void> {
    await this.#deps.queue.enqueue({
      v: 1,
      requestId: issued.requestId,
      phoneMasked: maskPhone(phone.e164),
      country: phone.country,
      expiresAt: issued.expiresAt,
      sealed: this.#deps.sealer.seal({ phone: phone.e164, otp: issued.code }, issued.requestId),
      ...(app ? { app } : {}),
    });
  }

  #accepted(issued: IssuedOtp): SendResult {
    const { policy } = this.#deps.store;
    return { requestId: issued.requestId, expiresInSeconds: policy.ttlSeconds, resendAfterSeconds: policy.resendCooldownSeconds };
  }
}

/** Without API keys there is no app: the label is left out rather than given a made-up name. */
function conversionLabels(country: string, app: string | undefined): { country: string; app?: string } {
  return app ? { country, app } : { country };
}
