import { randomUUID } from 'node:crypto';
import type { DeliveryStore } from '@otp/delivery';
import { ServiceError, isServiceError, type ErrorCode } from '@otp/errors';
import type { Admission, SendGuard } from '@otp/guard';
import type { Metrics } from '@otp/observability';
import type { IssuedOtp, IssueOptions, OtpStore, OtpTarget } from '@otp/otp';
import { maskPhone, parsePhone, type Phone } from '@otp/phone';
import type { PayloadSealer, SmsQueue } from '@otp/queue';
import type { TestPhoneNumbers } from './test-phone-numbers.js';

export interface SendResult {
  requestId: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** Who asks for a verify: the tenant whose codes it may see. */
export interface VerifyCaller {
  /** The authenticated app, or the implicit app when the API runs without keys. */
  app: string;
}

/** Who asks for a send, as far as the store and the abuse guard need to know. */
export interface SendCaller extends VerifyCaller {
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
  /** OTP_VERIFY_UNIFORM_ERRORS: answer every failed verify alike, so it says nothing about a phone's code. */
  uniformVerifyErrors?: boolean;
}

/** The refusals that tell a caller whether a phone has a live code, folded into one answer on request. */
const CODE_STATE_ERRORS: ReadonlySet<ErrorCode> = new Set(['OTP_INVALID', 'OTP_EXPIRED', 'OTP_ATTEMPTS_EXCEEDED']);

/**
 * The two use cases the API exposes. The request path does only Redis work here;
 * the SMS itself is sent later by the worker, so a slow provider never slows a caller.
 * Every code, limit and record belongs to the calling app: another app's codes are,
 * to a caller, codes that do not exist.
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
  async send(phoneInput: string, caller: SendCaller): Promise<SendResult> {
    // Chosen first, so the guard, the stored code, the job and the record all name one send.
    const requestId = randomUUID();
    const test = this.#deps.testNumbers.match(caller.app, phoneInput);
    if (test) return this.#accepted(await this.#issue({ app: caller.app, phone: test.phone }, { requestId, fixedCode: test.code }));

    const { guard } = this.#deps;
    const phone = parsePhone(phoneInput);
    const target = { app: caller.app, phone: phone.e164 };
    const admission = await guard.admit({ phone: phone.e164, country: phone.country, ...caller, requestId });
    let issued: IssuedOtp;
    try {
      issued = await this.#issue(target, { requestId });
    } catch (error) {
      await admission.release().catch(() => undefined);
      throw error;
    }
    try {
      await this.#enqueue(phone, issued, caller.app, admission);
    } catch (error) {
      // Without a job no SMS will come: withdraw the code and its counts so the caller can retry at once.
      await this.#deps.store.revoke(target, requestId).catch(() => undefined);
      await admission.release().catch(() => undefined);
      throw error;
    }
    // Best effort: the SMS is queued already, and the worker recreates a missing record on its first attempt.
    await this.#deps.delivery
      .queued({ requestId, app: caller.app, phoneMasked: maskPhone(phone.e164), country: phone.country })
      .catch(() => undefined);
    this.#deps.metrics.otpRequested.inc({ country: phone.country, app: caller.app });
    return this.#accepted(issued);
  }

  /** Resolves when `otp` is the caller's live code for `phoneInput`; throws a ServiceError otherwise. */
  async verify(phoneInput: string, otp: string, caller: VerifyCaller): Promise<void> {
    const { store, metrics } = this.#deps;
    const test = this.#deps.testNumbers.match(caller.app, phoneInput);
    let verified: { phone: string; requestId: string };
    try {
      if (test) {
        // Test numbers count in neither counter: they would lift the conversion that pumping alerts watch.
        await store.verify({ app: caller.app, phone: test.phone }, otp);
        return;
      }
      const phone = parsePhone(phoneInput);
      const { requestId } = await store.verify({ app: caller.app, phone: phone.e164 }, otp);
      verified = { phone: phone.e164, requestId };
      metrics.otpVerified.inc({ country: phone.country, app: caller.app });
    } catch (error) {
      metrics.otpVerifyFailed.inc({ reason: isServiceError(error) ? error.code : 'INTERNAL_ERROR' });
      throw this.#verifyAnswer(error);
    }
    // A verified code teaches the guard that its send was real.
    await this.#deps.guard.verified({ ...verified, app: caller.app });
  }

  /** With uniform errors, a wrong, missing, expired or dead code all answer alike; the metric above keeps the real reason. */
  #verifyAnswer(error: unknown): unknown {
    if (this.#deps.uniformVerifyErrors && isServiceError(error) && CODE_STATE_ERRORS.has(error.code)) {
      return new ServiceError('OTP_VERIFICATION_FAILED');
    }
    return error;
  }

  async #issue(target: OtpTarget, options: IssueOptions): Promise<IssuedOtp> {
    try {
      return await this.#deps.store.issue(target, options);
    } catch (error) {
      this.#deps.guard.recordRefusal(error);
      throw error;
    }
  }

  async #enqueue(phone: Phone, issued: IssuedOtp, app: string, admission: Admission): Promise<void> {
    await this.#deps.queue.enqueue({
      v: 1,
      requestId: issued.requestId,
      phoneMasked: maskPhone(phone.e164),
      country: phone.country,
      expiresAt: issued.expiresAt,
      sealed: this.#deps.sealer.seal({ phone: phone.e164, otp: issued.code }, issued.requestId),
      app,
      charge: admission.charge,
    });
  }

  #accepted(issued: IssuedOtp): SendResult {
    const { policy } = this.#deps.store;
    return { requestId: issued.requestId, expiresInSeconds: policy.ttlSeconds, resendAfterSeconds: policy.resendCooldownSeconds };
  }
}
