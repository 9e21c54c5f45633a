import {
  CONVERSION_WINDOW_MS,
  excessAfterSend,
  previousDayWeight,
  RedisGuardStore,
  type AdmissionRequest,
  type CounterSpec,
} from '@otp/guard';
import { createRedisNamespace } from '@otp/testkit';
import t from 'tap';

const NOON = Date.parse('2026-01-02T12:00:00Z');
const RULE = { allowance: 3, creditPerVerified: 1 };

function counter(overrides: Partial<CounterSpec> = {}): CounterSpec {
  return { window: 'minute', windowMs: 60_000, field: 'shop', limit: 10, trustedReserve: 0, cost: 1, scale: 1, ...overrides };
}

function admission(overrides: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    now: NOON,
    app: 'shop',
    phoneId: 'phone-a',
    requestId: `r${Math.random()}`,
    counters: [counter()],
    buckets: [{ kind: 'country', id: 'c:IN' }],
    judgement: 'enforce',
    rule: RULE,
    contextTtlMs: 600_000,
    ...overrides,
  };
}

async function setup(t: { teardown(fn: () => Promise<void>): void }) {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const store = new RedisGuardStore(ns.redis, { keyPrefix: ns.keyPrefix });
  const key = (name: string) => `${ns.keyPrefix}guard:{guard}:${name}`;
  return { ns, store, key };
}

t.test('admission is atomic: concurrent sends never push a counter past its limit, and refusals count nothing', async (t) => {
  const { ns, store, key } = await setup(t);
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.admit(admission({ phoneId: `phone-${i}`, buckets: [] }))));
  t.equal(results.filter((r) => r.status === 'counted').length, 10);
  t.ok(results.filter((r) => r.status === 'refused').every((r) => r.status === 'refused' && r.refusedBy === 0 && r.readings[0]?.used === 10));
  t.equal(await ns.redis.hget(key('minute:2026-01-02T12:00'), 'shop'), '10', 'the window is in the key; refusals left it at the limit');
  const ttl = await ns.redis.pttl(key('minute:2026-01-02T12:00'));
  t.ok(ttl > 0, 'the window expires');
});

t.test('one refusing counter leaves every other counter, bucket and the phone untouched', async (t) => {
  const { ns, store, key } = await setup(t);
  const counters = [counter({ limit: 100 }), counter({ window: 'day', windowMs: 86_400_000, field: 'all', limit: 0 })];
  const result = await store.admit(admission({ counters }));
  t.match(result, { status: 'refused', refusedBy: 1 });
  t.same(await ns.redis.keys(`${ns.keyPrefix}*`), [], 'nothing was written anywhere');
  t.equal(await ns.redis.exists(key('sent:shop:phone-a')), 0);
});

t.test('a release gives back exactly what its admission counted, in the admission’s windows, even after they ended', async (t) => {
  const { ns, store, key } = await setup(t);
  const counters = [counter(), counter({ window: 'day', windowMs: 86_400_000, field: 'all', limit: 100, cost: 7 })];
  const late = admission({ now: Date.parse('2026-01-02T23:59:59Z'), counters });
  t.match(await store.admit(late), { status: 'counted' });
  const tomorrow = admission({ now: Date.parse('2026-01-03T00:00:01Z'), counters });
  t.match(await store.admit(tomorrow), { status: 'counted' });

  await store.release(late, false);
  t.equal(await ns.redis.hget(key('day:2026-01-02'), 'all'), '0', 'yesterday got its units back');
  t.equal(await ns.redis.hget(key('day:2026-01-03'), 'all'), '7', 'today is untouched by the late release');
  t.equal(await ns.redis.hget(key('conversion:2026-01-02'), 's|c:IN'), '0');
  t.equal(await ns.redis.hget(key('conversion:2026-01-03'), 's|c:IN'), '1');

  await store.release(late, false);
  t.equal(await ns.redis.hget(key('day:2026-01-02'), 'all'), '0', 'never below zero');
  await store.release(admission({ now: Date.parse('2026-01-05T00:00:00Z'), counters }), false);
  t.equal(await ns.redis.exists(key('day:2026-01-05')), 0, 'a release never creates a key');
});

t.test('the conversion rule in Lua is the one in conversion-rule.ts', async (t) => {
  const { store } = await setup(t);
  const now = NOON + 3 * 3_600_000;
  const phone = (i: number) => `phone-${i}`;
  // Yesterday: 4 sends, 1 verified. Today: sends until the rule refuses, one verified half way.
  for (let i = 0; i < 4; i++) await store.admit(admission({ now: now - CONVERSION_WINDOW_MS, phoneId: phone(i), counters: [] }));
  await store.verified({ now: now - CONVERSION_WINDOW_MS, app: 'shop', phoneId: phone(0), trustedForMs: 1 });
  let throttledAt = -1;
  for (let i = 10; i < 40 && throttledAt < 0; i++) {
    const result = await store.admit(admission({ now, phoneId: phone(i), counters: [] }));
    if (result.status === 'refused') throw new Error('no counters here');
    const [state] = result.buckets;
    const expectedOver = excessAfterSend(state as NonNullable<typeof state>, previousDayWeight(now), RULE) > RULE.allowance;
    t.equal(state?.over, expectedOver, `send ${i}: Lua and TypeScript agree`);
    if (result.status === 'throttled') throttledAt = i;
    if (i === 11) await store.verified({ now, app: 'shop', phoneId: phone(i), trustedForMs: 1 });
  }
  // Yesterday weighs 0.375 at 15:00: 0.375 × (4 − 2·1) = 0.75. Today, with one verified: s + 1 − 2 + 0.75 > 3 once s > 3.25.
  t.equal(throttledAt, 14, 'the fifth send of today is throttled');
});

t.test('a verification credits its send’s buckets once, and only the send it names', async (t) => {
  const { ns, store, key } = await setup(t);
  const buckets = [
    { kind: 'country' as const, id: 'c:IN' },
    { kind: 'ipv6_48' as const, id: 'n:2001:db8:1::/48' },
  ];
  const sent = admission({ buckets, counters: [], requestId: 'first' });
  await store.admit(sent);
  t.equal(await store.verified({ now: NOON, app: 'shop', phoneId: sent.phoneId, requestId: 'other', trustedForMs: 1000 }), 0, 'another request id is not credited');
  const resent = admission({ buckets, counters: [], requestId: 'second' });
  await store.admit(resent);
  t.equal(await store.verified({ now: NOON, app: 'shop', phoneId: sent.phoneId, requestId: 'second', trustedForMs: 1000 }), 2);
  t.equal(await store.verified({ now: NOON, app: 'shop', phoneId: sent.phoneId, trustedForMs: 1000 }), 0, 'credited once');
  t.same(await ns.redis.hgetall(key('conversion:2026-01-02')), { 's|c:IN': '2', 'v|c:IN': '1', 's|n:2001:db8:1::/48': '2', 'v|n:2001:db8:1::/48': '1' });
  t.equal(await ns.redis.get(key('trusted:shop:phone-a')), String(NOON + 1000));
  t.equal(await ns.redis.exists(key('sent:shop:phone-a')), 0, 'the credited context is gone');
});

t.test('a released resend restores the context of the send it replaced', async (t) => {
  const { store } = await setup(t);
  const first = admission({ counters: [], requestId: 'first' });
  await store.admit(first);
  const refusedLater = admission({ counters: [], requestId: 'second' });
  await store.admit(refusedLater);
  await store.release(refusedLater, false);
  t.equal(await store.verified({ now: NOON, app: 'shop', phoneId: first.phoneId, requestId: 'first', trustedForMs: 1000 }), 1, 'the first code’s verification still credits its send');
});

t.test('trusted phones may use the reserve strangers cannot; the worker’s charges never refuse', async (t) => {
  const { ns, store, key } = await setup(t);
  const budget = counter({ window: 'day', windowMs: 86_400_000, field: 'all', limit: 10, trustedReserve: 0.2 });
  const stranger = (i: number) => admission({ phoneId: `stranger-${i}`, counters: [budget], buckets: [] });
  await store.verified({ now: NOON - 1, app: 'shop', phoneId: 'trusted', trustedForMs: 86_400_000 });
  const trusted = admission({ phoneId: 'trusted', counters: [budget], buckets: [] });

  const strangers = [];
  for (let i = 0; i < 10; i++) strangers.push((await store.admit(stranger(i))).status);
  t.same(strangers, [...Array<string>(8).fill('counted'), 'refused', 'refused'], 'strangers get 80%');
  t.match(await store.admit(trusted), { status: 'counted', trusted: true, readings: [{ used: 9, byTrusted: 1 }] });
  t.match(await store.admit(trusted), { status: 'counted', readings: [{ used: 10, byTrusted: 2 }] });
  t.match(await store.admit(trusted), { status: 'refused' }, 'the whole budget is spent');

  await store.charge(NOON, 5, false, ['all']);
  t.equal(await ns.redis.hget(key('day:2026-01-02'), 'all'), '15', 'a retry counts past the limit');
  await store.charge(NOON, -20, false, ['all']);
  t.equal(await ns.redis.hget(key('day:2026-01-02'), 'all'), '0', 'a give-back stops at zero');
});
