import { DeliveryStore, mapMsg91Status, mapTwilioStatus, type DeliveryAttempt } from '@otp/delivery';
import { createRedisNamespace } from '@otp/testkit';
import t, { type Test } from 'tap';

const RID = '6f1c8a3e-0000-4000-8000-00000000000a';

async function setup(t: Test, ttlSeconds = 3600) {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  return { ns, store: new DeliveryStore(ns.redis, { keyPrefix: ns.keyPrefix, ttlSeconds }) };
}

const attempt = (n: number, outcome: DeliveryAttempt['outcome'], extra: Partial<DeliveryAttempt> = {}): DeliveryAttempt => ({
  attempt: n,
  provider: 'twilio',
  startedAt: Date.now(),
  latencyMs: 12,
  outcome,
  ...extra,
});

t.test('walks queued → sending → sent → delivered, with a timestamp per step', async (t) => {
  const { store } = await setup(t);
  await store.queued({ requestId: RID, app: 'shop', phoneMasked: '+91******3210', country: 'IN' });
  t.match(await store.get(RID), { status: 'queued', app: 'shop', phone: '+91******3210', country: 'IN', attempts: [] });

  await store.sending({ requestId: RID, app: 'shop', phoneMasked: '+91******3210', country: 'IN' });
  await store.retrying(RID, attempt(1, 'retry', { errorCode: '20500', retryInMs: 900 }));
  await store.sending({ requestId: RID, app: 'shop', phoneMasked: '+91******3210', country: 'IN' });
  await store.sent(RID, attempt(2, 'sent'), 'SMabc');
  const report = await store.report('twilio', 'SMabc', 'delivered');

  t.same(report, { found: true, requestId: RID, applied: true, status: 'delivered' });
  const record = await store.get(RID);
  t.match(record, { status: 'delivered', provider: 'twilio', providerMessageId: 'SMabc' });
  t.same(record?.attempts.map((a) => [a.attempt, a.outcome, a.errorCode]), [
    [1, 'retry', '20500'],
    [2, 'sent', undefined],
  ]);
  t.same(Object.keys(record?.timestamps ?? {}).sort(), ['delivered', 'queued', 'sending', 'sent']);
});

t.test('never moves backwards, but keeps the history a late step brings', async (t) => {
  const { store } = await setup(t);
  await store.sending({ requestId: RID, app: 'shop', phoneMasked: '+91******3210', country: 'IN' });
  // The request path's write lands after the worker started: status stays, queued details are kept.
  await store.queued({ requestId: RID, app: 'shop', phoneMasked: '+91******3210', country: 'IN', at: 1000 });
  t.match(await store.get(RID), { status: 'sending', timestamps: { queued: 1000 } });

  await store.sent(RID, attempt(1, 'sent'), 'SMxyz');
  await store.report('twilio', 'SMxyz', 'undelivered', '30003');
  const late = await store.report('twilio', 'SMxyz', 'sent');
  t.same(late, { found: true, requestId: RID, applied: false, status: 'undelivered' });
  const again = await store.report('twilio', 'SMxyz', 'delivered', '0');
  t.equal(again.found && again.applied, false, 'a final status is final');
  t.match(await store.get(RID), { status: 'undelivered', errorCode: '30003' });
});

t.test('failed and skipped are final and say why', async (t) => {
  const { store } = await setup(t);
  await store.failed(RID, { reason: 'permanent_error', errorCode: '21211', attempt: attempt(1, 'failed', { errorCode: '21211' }) });
  await store.skipped(RID, 'superseded');
  t.match(await store.get(RID), { status: 'failed', reason: 'permanent_error', errorCode: '21211', attempts: [{ outcome: 'failed' }] });
});

t.test('records and their index have a bounded lifetime; unknown ids find nothing', async (t) => {
  const { ns, store } = await setup(t, 120);
  await store.sent(RID, attempt(1, 'sent'), 'SMttl');
  const keys = (await ns.dump()).map((entry) => entry.key);
  t.equal(keys.length, 2);
  for (const key of keys) {
    const ttl = await ns.redis.pttl(key);
    t.ok(ttl > 0 && ttl <= 120_000, `${key} expires`);
  }
  t.equal(await store.get('00000000-0000-4000-8000-000000000000'), null);
  t.same(await store.report('twilio', 'SMunknown', 'delivered'), { found: false });
});

t.test('maps provider statuses onto our steps', async (t) => {
  t.same(['queued', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled'].map(mapTwilioStatus), [
    undefined,
    'sent',
    'delivered',
    'delivered',
    'undelivered',
    'failed',
    'failed',
  ]);
  t.same(['1', 'DELIVERED', '2', 'Rejected', '8', 'weird'].map(mapMsg91Status), ['delivered', 'delivered', 'undelivered', 'undelivered', 'sent', undefined]);
});
