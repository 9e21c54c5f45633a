import { createRedis, evictionPolicyWarning, readEvictionPolicy, waitUntilReady, warnIfRedisMayEvict } from '@otp/redis';
import { startLocalRedis, TEST_REDIS_URL } from '@otp/testkit';
import t from 'tap';

t.test('noeviction is safe: no warning', async (t) => {
  t.equal(evictionPolicyWarning('noeviction'), undefined);
  t.equal(evictionPolicyWarning(undefined), undefined, 'CONFIG disabled (managed Redis): nothing to say');
});

t.test('a Redis that may evict keys gets a clear startup warning', async (t) => {
  const local = await startLocalRedis(['--maxmemory-policy', 'allkeys-lru']);
  const redis = createRedis({ url: local.url, role: 'request' });
  t.teardown(async () => {
    await redis.quit();
    await local.stop();
  });

  const warnings: string[] = [];
  await warnIfRedisMayEvict(redis, (message) => warnings.push(message));
  t.equal(warnings.length, 1);
  t.match(warnings[0], /maxmemory-policy is "allkeys-lru"; BullMQ requires "noeviction"/);
  t.equal(await readEvictionPolicy(redis), 'allkeys-lru');
});

t.test('the shared test Redis is read, not changed', async (t) => {
  const redis = createRedis({ url: TEST_REDIS_URL, role: 'request' });
  t.teardown(() => redis.quit());
  await waitUntilReady(redis);
  t.type(await readEvictionPolicy(redis), 'string');
});
