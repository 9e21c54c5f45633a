import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';

const LUA_DIR = new URL('../lua/', import.meta.url);

function lua(name: string): string {
  return readFileSync(new URL(`${name}.lua`, LUA_DIR), 'utf8');
}

type Reply = [number, number];

/** The Lua scripts of the OTP store, registered on a client as custom commands (EVALSHA with EVAL fallback). */
export interface OtpCommands {
  otpIssue(
    codeKey: string,
    cooldownKey: string,
    sendsKey: string,
    dailySendsKey: string,
    lockKey: string,
    hmac: string,
    requestId: string,
    ttlMs: number,
    cooldownMs: number,
    maxAttempts: number,
    sendLimit: number,
    sendWindowMs: number,
    dailySendLimit: number,
    dayMs: number,
  ): Promise<Reply>;
  otpVerify(codeKey: string, deadCodesKey: string, lockKey: string, hmac: string, lockoutThreshold: number, lockoutWindowMs: number, lockoutMs: number): Promise<Reply>;
  otpInspect(codeKey: string, requestId: string): Promise<Reply>;
  otpRevoke(codeKey: string, cooldownKey: string, sendsKey: string, dailySendsKey: string, requestId: string): Promise<number>;
}

export function defineOtpCommands(redis: Redis | Cluster): (Redis | Cluster) & OtpCommands {
  redis.defineCommand('otpIssue', { numberOfKeys: 5, lua: lua('issue') });
  redis.defineCommand('otpVerify', { numberOfKeys: 3, lua: lua('verify') });
  redis.defineCommand('otpInspect', { numberOfKeys: 1, lua: lua('inspect') });
  redis.defineCommand('otpRevoke', { numberOfKeys: 4, lua: lua('revoke') });
  return redis as (Redis | Cluster) & OtpCommands;
}
