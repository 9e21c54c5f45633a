import { defineLuaCommands, type RedisClient } from '@otp/redis';

type Reply = [number, number];

/** The Lua scripts of the OTP store, registered on a client as custom commands (EVALSHA with EVAL fallback). */
export interface OtpCommands {
  otpIssue(
    codeKey: string,
    cooldownKey: string,
    sendsKey: string,
    dailySendsKey: string,
    lockKey: string,
    globalDailySendsKey: string,
    hmac: string,
    keyId: string,
    requestId: string,
    ttlMs: number,
    cooldownMs: number,
    maxAttempts: number,
    sendLimit: number,
    sendWindowMs: number,
    dailySendLimit: number,
    globalDailySendLimit: number,
    dayMs: number,
  ): Promise<Reply>;
  /** `candidates`: key id and HMAC pairs, current secret first. A success also returns the code's request id. */
  otpVerify(
    codeKey: string,
    failuresKey: string,
    lockKey: string,
    lockoutThreshold: number,
    lockoutWindowMs: number,
    lockoutMs: number,
    ...candidates: string[]
  ): Promise<[number, number, string?]>;
  otpInspect(codeKey: string, requestId: string): Promise<Reply>;
  otpRevoke(codeKey: string, cooldownKey: string, sendsKey: string, dailySendsKey: string, globalDailySendsKey: string, requestId: string): Promise<number>;
}

export function defineOtpCommands(redis: RedisClient): RedisClient & OtpCommands {
  return defineLuaCommands<OtpCommands>(redis, new URL('../lua/', import.meta.url), {
    otpIssue: 'issue',
    otpVerify: 'verify',
    otpInspect: 'inspect',
    otpRevoke: 'revoke',
  });
}
