import {
  AppSendCeiling,
  CountryAllowList,
  CountrySendCap,
  DailySmsBudget,
  PrefixThrottle,
  RedisCounterStore,
  SendGuard,
} from '@otp/guard';
import { createMetrics } from '@otp/observability';
import { captureLogs, createRedisNamespace } from '@otp/testkit';
import t from 'tap';

async function setup(t: { teardown(fn: () => Promise<void>): void }, budget = 100) {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const metrics = createMetrics({ defaultMetrics: false });
  const logs = captureLogs();
  const guard = new SendGuard({
    store: new RedisCounterStore(ns.redis, { keyPrefix: ns.keyPrefix }),
    rules: [
      new AppSendCeiling(100, { tiny: 1 }),
      new PrefixThrottle({ limit: 2, windowSeconds: 600, rangeDigits: 3 }),
      new CountrySendCap(100, { US: 0 }),
      new DailySmsBudget(budget, { metrics, logger: logs.logger }),
    ],
    countries: new CountryAllowList(['IN', 'US']),
    captcha: null,
    metrics,
    now: () => Date.parse('2026-01-02T12:00:00Z'),
  });
  return { ns, guard, metrics, logs };
}

const send = (phone: string, extra: Record<string, string> = {}) => ({ phone, country: 'IN', ...extra });

t.test('a refusal by one counter gives back what the others counted', async (t) => {
  const { ns, guard, metrics } = await setup(t);
  await guard.admit(send('+919876543001'));
  await guard.admit(send('+919876543002'));
  const refusal = await guard.admit(send('+919876543003')).catch((e: unknown) => e);
  t.match(refusal, { code: 'PREFIX_THROTTLED', statusCode: 429, rateLimit: { limit: 2, remaining: 0, resetSeconds: 600 }, retryAfterSeconds: 600 });
  t.equal(await ns.redis.get(`${ns.keyPrefix}guard:{budget}:2026-01-02`), '2', 'the refused send spent no budget');
  t.equal(await ns.redis.get(`${ns.keyPrefix}guard:{country:IN}:hour`), '2');
  t.match((await metrics.guardRejections.get()).values, [{ labels: { rule: 'prefix' }, value: 1 }]);
  await t.resolves(guard.admit(send('+919876544001')), 'the next range is open');
});

t.test('an admission released after a later refusal (e.g. the per-phone cooldown) costs nothing', async (t) => {
  const { ns, guard } = await setup(t);
  const admission = await guard.admit(send('+919876543001', { app: 'shop' }));
  await admission.release();
  for (const key of ['{app:shop}:minute', '{range:+919876543}:window', '{country:IN}:hour', '{budget}:2026-01-02']) {
    t.equal(await ns.redis.get(`${ns.keyPrefix}guard:${key}`), '0', key);
  }
});

t.test('country allow list, per-app ceiling and per-country cap', async (t) => {
  const { guard } = await setup(t);
  await t.rejects(guard.admit({ phone: '+447700900123', country: 'GB' }), { code: 'PHONE_COUNTRY_NOT_ALLOWED', details: { country: 'GB' } });
  await guard.admit(send('+919876543001', { app: 'tiny' }));
  await t.rejects(guard.admit(send('+919800000001', { app: 'tiny' })), { code: 'APP_SEND_LIMIT', rateLimit: { limit: 1 } });
  await t.resolves(guard.admit(send('+919800000001', { app: 'other' })));
  await t.rejects(guard.admit({ phone: '+14155552671', country: 'US' }), { code: 'COUNTRY_SEND_LIMIT' });
});

t.test('the daily budget: refuses with 503, sets the metrics and logs one error line', async (t) => {
  const { guard, metrics, logs } = await setup(t, 2);
  await guard.admit(send('+919800000001'));
  t.equal((await metrics.smsBudgetExhausted.get()).values[0]?.value, 0);
  await guard.admit(send('+919811111111'));
  for (const phone of ['+919822222222', '+919833333333']) {
    await t.rejects(guard.admit(send(phone)), { code: 'SMS_BUDGET_EXHAUSTED', statusCode: 503, retryAfterSeconds: 12 * 3600 });
  }
  t.equal((await metrics.smsBudgetExhausted.get()).values[0]?.value, 1);
  t.equal((await metrics.smsBudgetUsed.get()).values[0]?.value, 2);
  const errors = logs.lines().filter((line) => line.level === 50);
  t.equal(errors.length, 1, 'one error line, not one per refused send');
  t.match(errors[0], { msg: /daily SMS budget reached/, budget: 2, used: 2 });
});
