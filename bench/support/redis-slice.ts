import { createRedis, waitUntilReady, type Redis } from '@otp/redis';

/** A client on the bench database, for issuing codes and for cleaning up afterwards. */
export async function benchRedis(url: string): Promise<Redis> {
  const redis = createRedis({ url, role: 'request', connectionName: 'bench', commandTimeoutMs: 10_000 });
  await waitUntilReady(redis);
  return redis;
}

/** Deletes every key of this run (its key prefix and its queue prefixes) and nothing else; returns how many. */
export async function deleteRunKeys(redis: Redis, runId: string): Promise<number> {
  let deleted = 0;
  for (const match of [`${runId}:*`, `{${runId}*`]) {
    for await (const batch of redis.scanStream({ match, count: 1000 })) {
      const keys = batch as string[];
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    }
  }
  return deleted;
}
