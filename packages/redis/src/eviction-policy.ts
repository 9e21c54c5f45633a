import { waitUntilReady, type RedisClient } from './connect.js';

/**
 * Reads Redis's `maxmemory-policy`. Resolves `undefined` where CONFIG is not
 * allowed (many managed Redis services disable it), since that says nothing either way.
 */
export async function readEvictionPolicy(redis: RedisClient): Promise<string | undefined> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return reply[1];
  } catch {
    return undefined;
  }
}

/**
 * The startup warning for a Redis that may evict keys, or `undefined` when it is safe.
 * An evicted BullMQ key corrupts the queue and an evicted OTP key silently kills a code.
 */
export function evictionPolicyWarning(policy: string | undefined): string | undefined {
  if (policy === undefined || policy === 'noeviction') return undefined;
  return (
    `Redis maxmemory-policy is "${policy}"; BullMQ requires "noeviction". Under memory pressure Redis may delete ` +
    'queue or OTP keys, losing SMS jobs and codes. Set `maxmemory-policy noeviction` in redis.conf (or CONFIG SET).'
  );
}

/**
 * The startup check both processes run: once Redis answers, read the policy and
 * report it through `warn` when it is unsafe. Never throws, never blocks startup.
 */
export async function warnIfRedisMayEvict(redis: RedisClient, warn: (message: string) => void, readyTimeoutMs = 30_000): Promise<void> {
  await waitUntilReady(redis, readyTimeoutMs).catch(() => undefined);
  const warning = evictionPolicyWarning(await readEvictionPolicy(redis));
  if (warning) warn(warning);
}
