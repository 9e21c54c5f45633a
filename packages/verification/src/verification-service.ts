import type { DeliveryStore } from '@otp/delivery';
import { isServiceError } from '@otp/errors';
import type { Admission, SendGuard } from '@otp/guard';
import type { Metrics } from '@otp/observability';
import type { IssuedOtp, OtpStore } from '@otp/otp';
import { maskPhone, parsePhone, type Phone } from '@otp/phone';
import type { PayloadSealer, SmsQueue } from '@otp/queue';
import type { TestPhoneNumbers } from './test-phone-numbers.js';

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
      await this.#enqueue(phone, issued, caller.app, admission);
    } catch (error) {
      // Without a job no SMS will come: withdraw the code and its counts so the caller can retry at once.
      await this.#deps.store.revoke(phone.e164, issued.requestId).catch(() => undefined);
      await admission.release().catch(() => undefined);
      throw error;
    }
    // Best effort: the SMS is queued already, and the worker recreates a missing record on its first attempt.
    await this.#deps.delivery.queued({ requestId: issued.requestId, phoneMasked: maskPhone(phone.e164), country: phone.country }).catch(() => undefined);
    this.#deps.metrics.otpRequested.inc({ country: phone.country });
    return this.#accepted(issued);
  }

  /**
   * Resolves when `otp` is the live code for `phoneInput`; throws a ServiceError otherwise.
   * A verified code teaches the guard that its send was real (test numbers never met the guard).
   */
  async verify(phoneInput: string, otp: string, caller: Pick<SendCaller, 'app'> = {}): Promise<void> {
    const { store, metrics } = this.#deps;
    const test = this.#deps.testNumbers.match(phoneInput);
    let phone: string;
    try {
      phone = test?.phone ?? parsePhone(phoneInput).e164;
      await store.verify(phone, otp);
      metrics.otpVerified.inc();
    } catch (error) {
      metrics.otpVerifyFailed.inc({ reason: isServiceError(error) ? error.code : 'INTERNAL_ERROR' });
      throw error;
    }
    if (!test) await this.#deps.guard.verified({ phone, app: caller.app });
  }

  async #issue(phone: string, options: { fixedCode?: string } = {}): Promise<IssuedOtp> {
    try {
      return await this.#deps.store.issue(phone, options);
    } catch (error) {
      this.#deps.guard.recordRefusal(error);
      throw error;
    }
  }

  async #enqueue(phone: Phone, issued: IssuedOtp, app: string | undefined, admission: Admission): Promise<void> {
    await this.#deps.queue.enqueue({
      v: 1,
      requestId: issued.requestId,
      phoneMasked: maskPhone(phone.e164),
      country: phone.country,
      expiresAt: issued.expiresAt,
      sealed: this.#deps.sealer.seal({ phone: phone.e164, otp: issued.code }, issued.requestId),
      charge: admission.charge,
      ...(app ? { app } : {}),
    });
  }

  #accepted(issued: IssuedOtp): SendResult {
    const { policy } = this.#deps.store;
    return { requestId: issued.requestId, expiresInSeconds: policy.ttlSeconds, resendAfterSeconds: policy.resendCooldownSeconds };
  }
}
