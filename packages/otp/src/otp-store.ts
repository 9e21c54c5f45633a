import { randomUUID } from 'node:crypto';
import { ServiceError } from '@otp/errors';
import type { RedisClient } from '@otp/redis';
import { CodeHasher } from './code-hasher.js';
import { generateCode } from './generate-code.js';
import { OtpKeys } from './otp-keys.js';
import { DEFAULT_PHONE_LIMITS, type PhoneLimits } from './phone-limits.js';
import { defineOtpCommands, type OtpCommands } from './scripts.js';

export interface OtpPolicy {
  /** Digits per code. Default 6. */
  length: number;
  /** Code lifetime. Default 600. */
  ttlSeconds: number;
  /** Wrong guesses after which a code is dead. Default 5. */
  maxAttempts: number;
  /** Minimum gap between two sends to one phone. Default 30. */
  resendCooldownSeconds: number;
}

export interface IssuedOtp {
  requestId: string;
  /** The plaintext code. It leaves this object only sealed inside a job payload. */
  code: string;
  expiresAt: number;
}

const DAY_MS = 86_400_000;

/** Why a job's code may no longer be sent. */
export type CodeState =
  | { live: true; remainingMs: number }
  | { live: false; reason: 'verified_or_expired' | 'superseded' | 'attempts_exhausted' };

/**
 * Issues and verifies one-time codes. Each operation is one atomic Lua script;
 * see packages/otp/lua for what each one guarantees.
 *
 * Resend policy: a send after the cooldown replaces the previous code, so one
 * phone never has two valid codes and an old SMS cannot be used late.
 */
export class OtpStore {
  readonly #redis: RedisClient & OtpCommands;
  readonly #keys: OtpKeys;
  readonly #hasher: CodeHasher;
  readonly #policy: OtpPolicy;
  readonly #limits: PhoneLimits;

  /** `redis` may be a Cluster: every key of one phone shares a hash tag, so each script touches one slot. */
  constructor(
    redis: RedisClient,
    options: { keyPrefix: string; secret: string; policy: OtpPolicy; phoneLimits?: PhoneLimits },
  ) {
    this.#redis = defineOtpCommands(redis);
    this.#keys = new OtpKeys(options.keyPrefix);
    this.#hasher = new CodeHasher(options.secret);
    this.#policy = options.policy;
    this.#limits = options.phoneLimits ?? DEFAULT_PHONE_LIMITS;
  }

  get policy(): OtpPolicy {
    return this.#policy;
  }

  /**
   * Creates and stores a new code. `fixedCode` is for configured test numbers only.
   * Throws PHONE_LOCKED, OTP_RESEND_COOLDOWN or PHONE_SEND_LIMIT when the phone's limits refuse it.
   */
  async issue(phone: string, options: { fixedCode?: string } = {}): Promise<IssuedOtp> {
    const code = options.fixedCode ?? generateCode(this.#policy.length);
    const requestId = randomUUID();
    const ttlMs = this.#policy.ttlSeconds * 1000;
    const limits = this.#limits;
    const [status, waitMs] = await this.#redis.otpIssue(
      this.#keys.code(phone),
      this.#keys.cooldown(phone),
      this.#keys.sends(phone),
      this.#keys.dailySends(phone),
      this.#keys.lock(phone),
      this.#hasher.hash(phone, code),
      requestId,
      ttlMs,
      this.#policy.resendCooldownSeconds * 1000,
      this.#policy.maxAttempts,
      limits.sendLimit,
      limits.sendWindowSeconds * 1000,
      limits.dailySendLimit,
      DAY_MS,
    );
    if (status !== 1) throw this.#issueRefusal(status, Math.ceil(waitMs / 1000));
    return { requestId, code, expiresAt: Date.now() + ttlMs };
  }

  #issueRefusal(status: number, waitSeconds: number): ServiceError {
    const limited = (limit: number, window: 'window' | 'day') =>
      new ServiceError('PHONE_SEND_LIMIT', {
        retryAfterSeconds: waitSeconds,
        rateLimit: { limit, remaining: 0, resetSeconds: waitSeconds },
        details: { limit: window },
      });
    if (status === -1) return limited(this.#limits.sendLimit, 'window');
    if (status === -2) return limited(this.#limits.dailySendLimit, 'day');
    if (status === -3) return this.#locked(waitSeconds);
    return new ServiceError('OTP_RESEND_COOLDOWN', { retryAfterSeconds: waitSeconds });
  }

  #locked(waitSeconds: number): ServiceError {
    return new ServiceError('PHONE_LOCKED', {
      retryAfterSeconds: waitSeconds,
      rateLimit: { limit: this.#limits.lockoutThreshold, remaining: 0, resetSeconds: waitSeconds },
    });
  }

  /** Resolves when the code is right; throws OTP_INVALID, OTP_EXPIRED, OTP_ATTEMPTS_EXCEEDED or PHONE_LOCKED otherwise. */
  async verify(phone: string, code: string): Promise<void> {
    const limits = this.#limits;
    const [status, value] = await this.#redis.otpVerify(
      this.#keys.code(phone),
      this.#keys.deadCodes(phone),
      this.#keys.lock(phone),
      this.#hasher.hash(phone, code),
      limits.lockoutThreshold,
      limits.lockoutWindowSeconds * 1000,
      limits.lockoutSeconds * 1000,
    );
    if (status === 1) return;
    if (status === 0) throw new ServiceError('OTP_INVALID', { details: { attemptsRemaining: value } });
    if (status === -2) throw new ServiceError('OTP_ATTEMPTS_EXCEEDED');
    if (status === -3) throw this.#locked(Math.ceil(value / 1000));
    throw new ServiceError('OTP_EXPIRED');
  }

  /** Whether `requestId` still holds the live code for `phone`, for the worker's pre-send check. */
  async inspect(phone: string, requestId: string): Promise<CodeState> {
    const [status, remainingMs] = await this.#redis.otpInspect(this.#keys.code(phone), requestId);
    if (status === 1) return { live: true, remainingMs };
    if (status === -1) return { live: false, reason: 'superseded' };
    if (status === -2) return { live: false, reason: 'attempts_exhausted' };
    return { live: false, reason: 'verified_or_expired' };
  }

  /** Withdraws a code whose send job could not be queued. Safe if a newer code replaced it. */
  async revoke(phone: string, requestId: string): Promise<void> {
    const keys = this.#keys;
    await this.#redis.otpRevoke(keys.code(phone), keys.cooldown(phone), keys.sends(phone), keys.dailySends(phone), requestId);
  }
}
