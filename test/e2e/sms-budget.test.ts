import { ApiKeyRegistry } from '@otp/api';
import { windowAt } from '@otp/guard';
import t from 'tap';
import { startFakeProviders } from '../support/providers.js';
import { startService, type RunningService } from '../support/service.js';

/** Units counted today on a budget field: millionths of an SMS, or of the SMS_PRICES currency. */
async function budgetUsed(service: RunningService, field = 'all'): Promise<number> {
  const day = windowAt(Date.now(), 86_400_000).label;
  return Number((await service.ns.redis.hget(`${service.ns.keyPrefix}guard:{guard}:day:${day}`, field)) ?? 0) / 1_000_000;
}

async function signIn(service: RunningService, phone: string): Promise<void> {
  const received = service.inbox.messages.filter((m) => m.to === phone).length;
  const sent = await service.send(phone);
  if (sent.statusCode !== 202) throw new Error(`send to ${phone} answered ${sent.statusCode}`);
  await service.inbox.waitFor(phone, received + 1);
  const verified = await service.verify(phone, service.inbox.lastCodeFor(phone) as string);
  if (verified.statusCode !== 200) throw new Error(`verify of ${phone} answered ${verified.statusCode}`);
}

t.test('a budget exhausted by strangers still serves trusted phones from their reserve', async (t) => {
  const budget = 10;
  const service = await startService(t, { SMS_DAILY_BUDGET: String(budget), OTP_RESEND_COOLDOWN_SECONDS: '0' });
  const trusted = ['+919876543210', '+919812345678'];
  // Yesterday's users, in effect: each verified a code, so their phones are trusted now.
  for (const phone of trusted) await signIn(service, phone);

  const strangers = Array.from({ length: 20 }, (_, i) => `+9198${String(20_000_000 + i * 7919).slice(0, 8)}`);
  const answers = [];
  for (const phone of strangers) answers.push(await service.send(phone));
  const strangersServed = answers.filter((a) => a.statusCode === 202).length;
  t.equal(strangersServed, 6, 'strangers get 80% of the budget: 8 SMS, the 2 first codes of the trusted phones included');
  t.ok(answers.slice(6).every((a) => a.statusCode === 503 && a.body.code === 'SMS_BUDGET_EXHAUSTED'), 'then every stranger is refused');
  t.match((await service.api.metrics.smsBudgetExhausted.get()).values, [{ labels: { budget: 'global', class: 'strangers' }, value: 1 }, { labels: { class: 'trusted' }, value: 0 }]);

  for (const phone of trusted) await signIn(service, phone);
  t.pass('each trusted phone got its code and signed in, after strangers had used up their share');
  t.equal(await budgetUsed(service), budget, 'the whole budget is spent');
  t.match(await service.send(trusted[0] as string), { statusCode: 503, body: { code: 'SMS_BUDGET_EXHAUSTED' } }, 'the reserve is a share of the budget, not more');
  t.comment(`trusted reserve: budget ${budget}, strangers served ${strangersServed + trusted.length} (8 = 80%), strangers refused ${answers.length - strangersServed}, trusted phones served after exhaustion ${trusted.length} of ${trusted.length}`);
});

t.test('each app has its own daily budget under the global one', async (t) => {
  const service = await startService(t, {
    API_KEYS: `shop:${ApiKeyRegistry.hash('shop-key')},bank:${ApiKeyRegistry.hash('bank-key')}`,
    APP_SETTINGS: JSON.stringify({ shop: { dailyBudget: 5 } }),
  });
  const send = async (key: string, phone: string) => {
    const response = await service.api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone }, headers: { 'x-api-key': key } });
    return { statusCode: response.statusCode, code: (response.json() as { code?: string }).code, retryAfter: response.headers['retry-after'] };
  };
  const shop = [];
  for (let i = 1; i <= 5; i++) shop.push(await send('shop-key', `+91980000000${i}`));
  t.same(shop.slice(0, 4).map((a) => a.statusCode), [202, 202, 202, 202], 'strangers get 80% of shop’s 5');
  t.match(shop[4], { statusCode: 429, code: 'APP_BUDGET_EXHAUSTED', retryAfter: /^\d+$/ });
  t.equal((await send('bank-key', '+919800000005')).statusCode, 202, 'another app is not affected');
  t.same([await budgetUsed(service, 'app:shop'), await budgetUsed(service, 'app:bank'), await budgetUsed(service)], [4, 0, 5], 'bank, without a budget of its own, counts on the global one only');
});

t.test('the budget counts provider attempts: a retry that reaches the provider counts again, in money with SMS_PRICES', async (t) => {
  const { twilio, env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, SMS_PRICES: 'IN:0.0075,*:0.05', SMS_DAILY_BUDGET: '1' });
  twilio.script({ kind: 'error', status: 500, code: 20500 });
  const { body } = await service.send('+919876543210');
  t.equal(await budgetUsed(service), 0.0075, 'the API counted the first attempt when it admitted the send');
  const record = await service.waitForRecord(body.requestId as string, (r) => r.status === 'sent');
  t.equal(record.attempts.length, 2);
  t.equal(await budgetUsed(service), 0.015, 'the worker counted the retry');
  const spend = (await service.worker.metrics.smsSpendUnits.get()).values;
  t.same(spend.map((v) => [v.labels.country, v.value]), [['IN', 0.015]], 'otp_sms_spend_total says the same, in money');
});

t.test('a send that never reaches a provider gives its budget back', async (t) => {
  const service = await startService(t, { OTP_RESEND_COOLDOWN_SECONDS: '0' }, { worker: false });
  const first = await service.send('+919876543210');
  await service.send('+919876543210');
  t.equal(await budgetUsed(service), 2, 'both sends were counted when admitted');
  await service.startWorker();
  await service.waitForRecord(first.body.requestId as string, (r) => r.status === 'skipped');
  await service.inbox.waitFor('+919876543210', 1);
  t.equal(await budgetUsed(service), 1, 'the replaced code sent nothing, and cost nothing');
});
