import { RedisCounterStore } from '@otp/guard';
import { createRedisNamespace } from '@otp/testkit';
import t from 'tap';

t.test('reserve is atomic: concurrent sends never push a counter past its limit', async (t) => {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const store = new RedisCounterStore(ns.redis, { keyPrefix: ns.keyPrefix });
  const counter = { key: 'guard:{test}:w', limit: 10, windowMs: 60_000 };

  const outcomes = (await Promise.all(Array.from({ length: 50 }, () => store.reserve([counter])))).flat();
  t.equal(outcomes.filter((o) => o.counted).length, 10);
  t.equal(await ns.redis.get(`${ns.keyPrefix}guard:{test}:w`), '10', 'refusals are not counted');
  const ttl = await ns.redis.pttl(`${ns.keyPrefix}guard:{test}:w`);
  t.ok(ttl > 0 && ttl <= 60_000, 'the window expires');
  t.ok(outcomes.filter((o) => !o.counted).every((o) => o.ttlMs > 0 && o.count === 10), 'refusals report the wait');
});

t.test('release gives a count back and never creates or underflows a key', async (t) => {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const store = new RedisCounterStore(ns.redis, { keyPrefix: ns.keyPrefix });
  const [first, second] = await store.reserve([
    { key: 'guard:{a}:w', limit: 1, windowMs: 60_000 },
    { key: 'guard:{b}:w', limit: 5, windowMs: 60_000 },
  ]);
  t.match([first, second], [{ counted: true, count: 1 }, { counted: true, count: 1 }]);
  await store.release(['guard:{a}:w', 'guard:{a}:w', 'guard:{gone}:w']);
  t.equal(await ns.redis.get(`${ns.keyPrefix}guard:{a}:w`), '0');
  t.equal(await ns.redis.exists(`${ns.keyPrefix}guard:{gone}:w`), 0);
  t.match(await store.reserve([{ key: 'guard:{a}:w', limit: 1, windowMs: 60_000 }]), [{ counted: true, count: 1 }]);
});
