import { ServiceError } from '@otp/errors';
import type { Keyring } from '@otp/keyring';
import type { RedisClient } from '@otp/redis';
import { CodeHasher } from './code-hasher.js';
import { generateCode } from './generate-code.js';
import { OtpKeys } from './otp-keys.js';
import type { OtpTarget } from './otp-target.js';
import { DEFAULT_PHONE_LIMITS, type PhoneLimits } from './phone-limits.js';
import { defineOtpCommands, type OtpCommands } from './scripts.js';

export interface OtpPolicy {
  /** Digits per code. Default 6. */
  length: number;
  /** Code lifetime. Default 600. */
  ttlSeconds: number;
  /** Wrong guesses after which a code is dead. Default 5. */
  maxAttempts: number;
  /** Minimum gap between two sends by one app to one phone. Default 30. */
  resendCooldownSeconds: number;
}

export interface IssuedOtp {
  requestId: string;
  /** The plaintext code. It leaves this object only sealed inside a job payload. */
  code: string;
  expiresAt: number;
}

/** A code that verified: which send it came from, and whose it was. */
export interface VerifiedOtp {
  requestId: string;
  app: string;
}

export interface IssueOptions {
  /** Chosen by the caller before any check runs, so every step of one send (guard, store, job) shares it. */
  requestId: string;
  /** For configured test numbers only: their code is fixed, and it is never sent by SMS. */
  fixedCode?: string | undefined;
}

const DAY_MS = 86_400_000;

/** Why a job's code may no longer be sent. */
export type CodeState =
  | { live: true; remainingMs: number }
  | { live: false; reason: 'verified_or_expired' | 'superseded' | 'attempts_exhausted' };

/**
 * Issues and verifies one-time codes, per app and phone. Each operation is one
 * atomic Lua script; see packages/otp/lua for what each one guarantees.
 *
 * Resend policy: a send after the cooldown replaces the app's previous code for
 * that phone, so it never has two valid codes and an old SMS cannot be used late.
 */
export class OtpStore {
  readonly #redis: RedisClient & OtpCommands;
  readonly #keys: OtpKeys;
  readonly #hasher: CodeHasher;
  readonly #policy: OtpPolicy;
  readonly #limits: PhoneLimits;

  /** `redis` may be a Cluster: every key of one phone shares a hash tag, so each script touches one slot. */
  constructor(redis: RedisClient, options: { keyPrefix: string; keyring: Keyring; policy: OtpPolicy; phoneLimits?: PhoneLimits }) {
    this.#redis = defineOtpCommands(redis);
    this.#keys = new OtpKeys(options.keyPrefix);
    this.#hasher = new CodeHasher(options.keyring);
    this.#policy = options.policy;
    this.#limits = options.phoneLimits ?? DEFAULT_PHONE_LIMITS;
  }

  get policy(): OtpPolicy {
    return this.#policy;
  }

  /**
   * Creates and stores a new code for `target`.
   * Throws PHONE_LOCKED, OTP_RESEND_COOLDOWN or PHONE_SEND_LIMIT when the phone's limits refuse it.
   */
  async issue(target: OtpTarget, options: IssueOptions): Promise<IssuedOtp> {
    const code = options.fixedCode ?? generateCode(this.#policy.length);
    const { requestId } = options;
    const { keyId, hmac } = this.#hasher.hash(target, code);
    const ttlMs = this.#policy.ttlSeconds * 1000;
    const keys = this.#keys;
    const limits = this.#limits;
    const [status, waitMs] = await this.#redis.otpIssue(
      keys.code(target),
      keys.cooldown(target),
      keys.sends(target),
      keys.dailySends(target),
      keys.lock(target),
      keys.globalDailySends(target.phone),
      hmac,
      keyId,
      requestId,
      ttlMs,
      this.#policy.resendCooldownSeconds * 1000,
      this.#policy.maxAttempts,
      limits.sendLimit,
      limits.sendWindowSeconds * 1000,
      limits.dailySendLimit,
      // A test number's code is never sent, so it does not count towards the phone's SMS ceiling.
      options.fixedCode === undefined ? limits.globalDailySendLimit : 0,
      DAY_MS,
    );
    if (status !== 1) throw this.#issueRefusal(status, Math.ceil(waitMs / 1000));
    return { requestId, code, expiresAt: Date.now() + ttlMs };
  }

  #issueRefusal(status: number, waitSeconds: number): ServiceError {
    // The all-apps ceiling answers like the app's own daily cap: an app is not told what other apps sent.
    const daily = (limit: number) => this.#sendLimited(limit, 'day', waitSeconds);
    if (status === -1) return this.#sendLimited(this.#limits.sendLimit, 'window', waitSeconds);
    if (status === -2) return daily(this.#limits.dailySendLimit);
    if (status === -4) return daily(this.#limits.globalDailySendLimit);
    if (status === -3) return this.#locked(waitSeconds);
    return new ServiceError('OTP_RESEND_COOLDOWN', { retryAfterSeconds: waitSeconds });
  }

  #sendLimited(limit: number, window: 'window' | 'day', waitSeconds: number): ServiceError {
    return new ServiceError('PHONE_SEND_LIMIT', {
      retryAfterSeconds: waitSeconds,
      rateLimit: { limit, remaining: 0, resetSeconds: waitSeconds },
      details: { limit: window },
    });
  }

  #locked(waitSeconds: number): ServiceError {
    return new ServiceError('PHONE_LOCKED', {
      retryAfterSeconds: waitSeconds,
      rateLimit: { limit: this.#limits.lockoutThreshold, remaining: 0, resetSeconds: waitSeconds },
    });
  }

  /**
   * Resolves with the send the code came from when it is right; throws OTP_INVALID,
   * OTP_EXPIRED, OTP_ATTEMPTS_EXCEEDED or PHONE_LOCKED otherwise.
   */
  async verify(target: OtpTarget, code: string): Promise<VerifiedOtp> {
    const limits = this.#limits;
    const candidates = this.#hasher.candidates(target, code).flatMap(({ keyId, hmac }) => [keyId, hmac]);
    const [status, value, requestId] = await this.#redis.otpVerify(
      this.#keys.code(target),
      this.#keys.failures(target),
      this.#keys.lock(target),
      limits.lockoutThreshold,
      limits.lockoutWindowSeconds * 1000,
      limits.lockoutSeconds * 1000,
      ...candidates,
    );
    if (status === 1) return { requestId: requestId as string, app: target.app };
    if (status === 0) throw new ServiceError('OTP_INVALID', { details: { attemptsRemaining: value } });
    if (status === -2) throw new ServiceError('OTP_ATTEMPTS_EXCEEDED');
    if (status === -3) throw this.#locked(Math.ceil(value / 1000));
    throw new ServiceError('OTP_EXPIRED');
  }

  /** Whether `requestId` still holds the live code for `target`, for the worker's pre-send check. */
  async inspect(target: OtpTarget, requestId: string): Promise<CodeState> {
    const [status, remainingMs] = await this.#redis.otpInspect(this.#keys.code(target), requestId);
    if (status === 1) return { live: true, remainingMs };
    if (status === -1) return { live: false, reason: 'superseded' };
    if (status === -2) return { live: false, reason: 'attempts_exhausted' };
    return { live: false, reason: 'verified_or_expired' };
  }

  /** Withdraws a code whose send job could not be queued. Safe if a newer code replaced it. */
  async revoke(target: OtpTarget, requestId: string): Promise<void> {
    const keys = this.#keys;
    await this.#redis.otpRevoke(
      keys.code(target),
      keys.cooldown(target),
      keys.sends(target),
      keys.dailySends(target),
      keys.globalDailySends(target.phone),
      requestId,
    );
  }
}
