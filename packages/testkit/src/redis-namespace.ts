import { randomBytes } from 'node:crypto';
import { createRedis, waitUntilReady, type Redis } from '@otp/redis';

export const TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * A private slice of the shared Redis for one test: its own key prefix and queue
 * prefix, so test files run in parallel without seeing each other's keys.
 * `cleanup()` deletes exactly that slice; nothing else is ever flushed.
 */
export interface RedisNamespace {
  id: string;
  keyPrefix: string;
  queuePrefix: string;
  redis: Redis;
  /** Environment variables that point a process at this namespace. */
  env: Record<string, string>;
  /** Every key of this namespace, with its value rendered as text, for leak scans. */
  dump(): Promise<Array<{ key: string; value: string }>>;
  cleanup(): Promise<void>;
}

export async function createRedisNamespace(): Promise<RedisNamespace> {
  const id = `t${randomBytes(5).toString('hex')}`;
  const keyPrefix = `${id}:`;
  const queuePrefix = `{${id}}`;
  const redis = createRedis({ url: TEST_REDIS_URL, role: 'request', connectionName: `test-${id}`, commandTimeoutMs: 5000 });
  await waitUntilReady(redis);

  const keys = async (): Promise<string[]> => {
    const found: string[] = [];
    for (const pattern of [`${keyPrefix}*`, `${queuePrefix}*`]) {
      for await (const batch of redis.scanStream({ match: pattern, count: 500 })) found.push(...(batch as string[]));
    }
    return found;
  };

  return {
    id,
    keyPrefix,
    queuePrefix,
    redis,
    env: { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix, QUEUE_PREFIX: queuePrefix },
    async dump() {
      const all = await keys();
      return Promise.all(all.map(async (key) => ({ key, value: await renderValue(redis, key) })));
    },
    async cleanup() {
      const all = await keys();
      for (let i = 0; i < all.length; i += 500) await redis.del(...all.slice(i, i + 500));
      await redis.quit();
    },
  };
}

async function renderValue(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    default:
      return '';
  }
}
