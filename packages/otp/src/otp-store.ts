import { randomUUID } from 'node:crypto';
import { ServiceError } from '@otp/errors';
import type { Cluster, Redis } from 'ioredis';
import { CodeHasher } from './code-hasher.js';
import { generateCode } from './generate-code.js';
import { OtpKeys } from './otp-keys.js';
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
  readonly #redis: (Redis | Cluster) & OtpCommands;
  readonly #keys: OtpKeys;
  readonly #hasher: CodeHasher;
  readonly #policy: OtpPolicy;

  /** `redis` may be a Cluster: every key of one phone shares a hash tag, so each script touches one slot. */
  constructor(redis: Redis | Cluster, options: { keyPrefix: string; secret: string; policy: OtpPolicy }) {
    this.#redis = defineOtpCommands(redis);
    this.#keys = new OtpKeys(options.keyPrefix);
    this.#hasher = new CodeHasher(options.secret);
    this.#policy = options.policy;
  }

  get policy(): OtpPolicy {
    return this.#policy;
  }

  /** Creates and stores a new code. Throws OTP_RESEND_COOLDOWN inside the cooldown. */
  async issue(phone: string): Promise<IssuedOtp> {
    const code = generateCode(this.#policy.length);
    const requestId = randomUUID();
    const ttlMs = this.#policy.ttlSeconds * 1000;
    const [issued, cooldownMs] = await this.#redis.otpIssue(
      this.#keys.code(phone),
      this.#keys.cooldown(phone),
      this.#hasher.hash(phone, code),
      requestId,
      ttlMs,
      this.#policy.resendCooldownSeconds * 1000,
      this.#policy.maxAttempts,
    );
    if (issued !== 1) {
      throw new ServiceError('OTP_RESEND_COOLDOWN', { retryAfterSeconds: Math.ceil(cooldownMs / 1000) });
    }
    return { requestId, code, expiresAt: Date.now() + ttlMs };
  }

  /** Resolves when the code is right; throws OTP_INVALID, OTP_EXPIRED or OTP_ATTEMPTS_EXCEEDED otherwise. */
  async verify(phone: string, code: string): Promise<void> {
    const [status, remaining] = await this.#redis.otpVerify(this.#keys.code(phone), this.#hasher.hash(phone, code));
    if (status === 1) return;
    if (status === 0) throw new ServiceError('OTP_INVALID', { details: { attemptsRemaining: remaining } });
    if (status === -2) throw new ServiceError('OTP_ATTEMPTS_EXCEEDED');
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
    await this.#redis.otpRevoke(this.#keys.code(phone), this.#keys.cooldown(phone), requestId);
  }
}
