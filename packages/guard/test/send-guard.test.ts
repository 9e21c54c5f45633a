import {
  AppSendCeiling,
  CountryAllowList,
  CountrySendCap,
  DailySmsBudget,
  PhonePseudonyms,
  PrefixThrottle,
  RedisGuardStore,
  SendGuard,
  SmsPrices,
} from '@otp/guard';
import { createMetrics } from '@otp/observability';
import { captureLogs, createRedisNamespace } from '@otp/testkit';
import t from 'tap';

interface Options {
  budget?: number;
  mode?: 'enforce' | 'record';
  allowance?: number;
  prices?: Record<string, number> | null;
}

async function setup(t: { teardown(fn: () => Promise<void>): void }, options: Options = {}) {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const metrics = createMetrics({ defaultMetrics: false });
  const logs = captureLogs();
  const clock = { now: Date.parse('2026-01-02T12:00:00Z') };
  const ranges = new PrefixThrottle({ limit: 2, windowSeconds: 600, rangeDigits: 3 });
  const deps = { metrics, logger: logs.logger };
  const guard = new SendGuard({
    store: new RedisGuardStore(ns.redis, { keyPrefix: ns.keyPrefix }),
    rules: [
      new AppSendCeiling(100_000, { tiny: 1 }),
      ranges,
      new CountrySendCap(100_000, { US: 1 }),
      new DailySmsBudget({ scope: 'app', limit: undefined, perApp: { small: 1 }, trustedReserve: 0 }, deps),
      new DailySmsBudget({ scope: 'global', limit: options.budget ?? 100_000, trustedReserve: 0 }, deps),
    ],
    conversion: {
      mode: options.mode ?? 'enforce',
      rule: { allowance: options.allowance ?? 1000, creditPerVerified: 1 },
      ranges,
      trustedForMs: 30 * 86_400_000,
      contextTtlMs: 600_000,
    },
    countries: new CountryAllowList(['IN', 'US']),
    captcha: null,
    prices: new SmsPrices(options.prices ?? null),
    pseudonyms: new PhonePseudonyms('s'.repeat(32)),
    metrics,
    logger: logs.logger,
    now: () => clock.now,
  });
  const day = (name: string) => ns.redis.hget(`${ns.keyPrefix}guard:{guard}:day:2026-01-02`, name);
  return { ns, guard, metrics, logs, clock, day };
}

const send = (phone: string, extra: Record<string, string> = {}) => ({ phone, country: 'IN', app: 'default', ...extra });

t.test('a refusal by one counter counts nothing on the others', async (t) => {
  const { ns, guard, metrics, day } = await setup(t);
  await guard.admit(send('+919876543001'));
  await guard.admit(send('+919876543002'));
  const refusal = await guard.admit(send('+919876543003')).catch((e: unknown) => e);
  t.match(refusal, { code: 'PREFIX_THROTTLED', statusCode: 429, rateLimit: { limit: 2, remaining: 0, resetSeconds: 600 }, retryAfterSeconds: 600 });
  t.equal(await day('all'), '2000000', 'the refused send spent no budget (units are millionths of an SMS)');
  t.equal(await ns.redis.hget(`${ns.keyPrefix}guard:{guard}:hour:2026-01-02T12`, 'IN'), '2');
  t.match((await metrics.guardRejections.get()).values, [{ labels: { rule: 'prefix' }, value: 1 }]);
  await t.resolves(guard.admit(send('+919876544001')), 'the next range is open');
});

t.test('an admission released after a later refusal (e.g. the per-phone cooldown) costs nothing', async (t) => {
  const { guard, day } = await setup(t);
  const admission = await guard.admit(send('+919876543001', { app: 'shop' }));
  t.same(admission.charge, { at: Date.parse('2026-01-02T12:00:00Z'), trusted: false, units: 1_000_000, budgets: ['all'] }, 'shop has no budget of its own');
  await admission.release();
  t.equal(await day('all'), '0');
  t.equal(await day('app:shop'), null);
});

t.test('country allow list, per-app ceiling, per-country cap and per-app budget', async (t) => {
  const { guard } = await setup(t);
  await t.rejects(guard.admit({ phone: '+447700900123', country: 'GB', app: 'default' }), { code: 'PHONE_COUNTRY_NOT_ALLOWED', details: { country: 'GB' } });
  await guard.admit(send('+919876543001', { app: 'tiny' }));
  await t.rejects(guard.admit(send('+919800000001', { app: 'tiny' })), { code: 'APP_SEND_LIMIT', rateLimit: { limit: 1 } });
  await t.resolves(guard.admit(send('+919800000001', { app: 'other' })));
  await guard.admit({ phone: '+14155552671', country: 'US', app: 'default' });
  await t.rejects(guard.admit({ phone: '+14155552672', country: 'US', app: 'default' }), { code: 'COUNTRY_SEND_LIMIT', retryAfterSeconds: 3600 });
  await guard.admit(send('+919811111111', { app: 'small' }));
  await t.rejects(guard.admit(send('+919822222222', { app: 'small' })), { code: 'APP_BUDGET_EXHAUSTED', statusCode: 429, rateLimit: { limit: 1 } });
});

t.test('the daily budget: refuses with 503, sets the metrics and logs one error line', async (t) => {
  const { guard, metrics, logs } = await setup(t, { budget: 2 });
  await guard.admit(send('+919800000001'));
  t.match((await metrics.smsBudgetExhausted.get()).values, [{ labels: { budget: 'global', class: 'strangers' }, value: 0 }, { labels: { class: 'trusted' }, value: 0 }]);
  await guard.admit(send('+919811111111'));
  for (const phone of ['+919822222222', '+919833333333']) {
    await t.rejects(guard.admit(send(phone)), { code: 'SMS_BUDGET_EXHAUSTED', statusCode: 503, retryAfterSeconds: 12 * 3600 });
  }
  t.match((await metrics.smsBudgetExhausted.get()).values, [{ labels: { budget: 'global', class: 'strangers' }, value: 1 }, { labels: { class: 'trusted' }, value: 1 }]);
  t.same((await metrics.smsBudgetUsed.get()).values.find((v) => v.labels.budget === 'global')?.value, 2);
  t.same((await metrics.smsBudgetLimit.get()).values, [{ labels: { budget: 'global' }, value: 2 }]);
  const errors = logs.lines().filter((line) => line.level === 50);
  t.equal(errors.length, 1, 'one error line, not one per refused send');
  t.match(errors[0], { msg: /daily SMS budget reached/, budget: 'global', limit: 2, used: 2 });
});

t.test('with SMS_PRICES the budgets count money', async (t) => {
  const { guard, day } = await setup(t, { budget: 0.02, prices: { IN: 0.0075, '*': 0.05 } });
  await guard.admit(send('+919800000001'));
  await guard.admit(send('+919811111111'));
  t.equal(await day('all'), '15000', '2 × 0.0075');
  await t.rejects(guard.admit(send('+919822222222')), { code: 'SMS_BUDGET_EXHAUSTED' }, 'a third would cost 0.0225');
});

t.test('the conversion rule cuts off a bucket nobody verifies in after `allowance` sends, and learns from verified codes', async (t) => {
  const { guard, metrics, clock } = await setup(t, { allowance: 20 });
  // Each send from its own /64 and /56, all in one /48.
  const network = (i: number) => `2001:db8:7:${(i * 256).toString(16)}::1`;
  let served = 0;
  let refusal: unknown;
  for (let i = 0; i < 40 && !refusal; i++) {
    await guard.admit(send(`+9198${String(10_000_000 + i * 7919).slice(0, 8)}`, { clientIp: network(i) })).then(
      () => served++,
      (error: unknown) => (refusal = error),
    );
  }
  t.equal(served, 20, 'the /48 (and every wider bucket) let exactly the allowance through');
  t.match(refusal, { code: 'SEND_THROTTLED', statusCode: 429 });
  // 20 unverified today: the /48 reopens after midnight, once the day's weight drops to 19/20.
  t.equal((refusal as { retryAfterSeconds: number }).retryAfterSeconds, 12 * 3600 + 0.05 * 86_400);
  t.match((await metrics.guardDecisions.get()).values, [{ labels: { decision: 'allowed' }, value: 20 }, { labels: { decision: 'throttled' }, value: 1 }]);
  t.same(
    (await metrics.guardBucketsOver.get()).values.map((v) => v.labels.bucket).sort(),
    ['app', 'country', 'ipv6_48'],
    'reported by kind of bucket only: the range, /64 and /56 were each seen once',
  );

  // A phone that verifies is trusted from then on: never judged by conversion.
  clock.now += 1000;
  const phone = '+919812345678';
  await guard.verified({ phone, app: 'default' });
  await t.resolves(guard.admit(send(phone, { clientIp: network(99) })), 'a trusted phone is served from a throttled network');
  t.match((await metrics.guardDecisions.get()).values.find((v) => v.labels.decision === 'trusted'), { value: 1 });
});

t.test('a bucket converting at 60% is never throttled, whatever its volume', async (t) => {
  const { guard } = await setup(t, { allowance: 20 });
  let throttled = 0;
  // 600 sends from one IPv4 address (a carrier NAT, say); 6 in 10 verify, a few sends later.
  const pending: string[] = [];
  for (let i = 0; i < 600; i++) {
    const phone = `+9197${String(10_000_000 + i * 104_729).slice(-8)}`;
    await guard.admit(send(phone, { clientIp: '203.0.113.9' })).catch(() => throttled++);
    if (i % 10 < 6) pending.push(phone);
    if (pending.length > 3) await guard.verified({ phone: pending.shift() as string, app: 'default' });
  }
  t.equal(throttled, 0);
});

t.test('record mode refuses nothing, but counts and logs what enforce would have throttled', async (t) => {
  const { guard, metrics, logs } = await setup(t, { allowance: 5, mode: 'record' });
  for (let i = 0; i < 12; i++) await guard.admit(send(`+9196${String(10_000_000 + i * 7919).slice(0, 8)}`, { clientIp: '203.0.113.50' }));
  t.match((await metrics.guardDecisions.get()).values, [{ labels: { decision: 'allowed' }, value: 5 }, { labels: { decision: 'would_throttle' }, value: 7 }]);
  t.match((await metrics.guardBucketsOver.get()).values.find((v) => v.labels.bucket === 'ipv4'), { labels: { mode: 'record' }, value: 7 });
  t.equal(logs.lines().filter((line) => line.msg === 'guard would have throttled this send (GUARD_MODE=record)').length, 7);
  t.equal((await metrics.guardRejections.get()).values.length, 0);
});
