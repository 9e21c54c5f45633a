import { Keyring } from '@otp/keyring';
import { DEFAULT_RETRY_SCHEDULE_MS, EventPublisher, OTP_EVENT_TYPES, RetrySchedule, webhookEndpoints, type OtpEventInput } from '@otp/events';
import { createMetrics } from '@otp/observability';
import { PayloadSealer } from '@otp/queue';
import { createRedis } from '@otp/redis';
import { captureLogs, deadRedisUrl } from '@otp/testkit';
import { Webhook } from 'standardwebhooks';
import t from 'tap';
import { count, eventsHarness, newSecret } from './harness.js';

const PHONE = '+919876543210';
const CODE = '482913';
const RID = '0b0d6e1e-5b55-4c1a-9d2e-3f8f2f0f1a11';
const EXPIRES_AT = Date.parse('2025-11-25T18:40:00.000Z');

const event = (overrides: Partial<OtpEventInput> = {}): OtpEventInput => ({
  type: 'otp.delivered',
  requestId: RID,
  app: 'shop',
  channel: 'sms',
  phone: PHONE,
  expiresAt: EXPIRES_AT,
  occurredAt: Date.parse('2025-11-25T18:30:04.100Z'),
  ...overrides,
});

t.test('events are signed by Standard Webhooks and accepted by its own verifier', async (t) => {
  const { receivers, secrets, publisher } = await eventsHarness(t, { apps: ['shop'] });
  const receiver = receivers.get('shop')!;
  publisher.publish(event());
  await receiver.waitUntil((r) => r.requests.length === 1);
  const [delivery] = receiver.requests;
  t.equal(delivery?.path, '/otp-events');
  t.match(delivery?.headers, { 'content-type': 'application/json', 'webhook-id': /^evt_[0-9a-f]{32}$/, 'webhook-timestamp': /^\d{10}$/, 'webhook-signature': /^v1,[A-Za-z0-9+/]+=*$/ });
  const verified = new Webhook(secrets.get('shop')!).verify(delivery!.body, delivery!.headers as Record<string, string>);
  t.same(verified, {
    type: 'otp.delivered',
    timestamp: '2025-11-25T18:30:04.100Z',
    data: {
      requestId: RID,
      app: 'shop',
      channel: 'sms',
      phone: '+91******3210',
      status: 'delivered',
      timestamps: { occurredAt: '2025-11-25T18:30:04.100Z', expiresAt: '2025-11-25T18:40:00.000Z' },
    },
  });
  t.throws(() => new Webhook(newSecret()).verify(delivery!.body, delivery!.headers as Record<string, string>), 'another secret does not verify');
  t.throws(() => new Webhook(secrets.get('shop')!).verify(delivery!.body.replace('delivered', 'failed'), delivery!.headers as Record<string, string>), 'a changed body does not verify');
});

t.test('a receiver answering 500 gets the same event again, same id, until it takes it', async (t) => {
  const { receivers, secrets, publisher, metrics } = await eventsHarness(t, { apps: ['shop'], retryDelaysMs: [50, 50, 50] });
  const receiver = receivers.get('shop')!;
  receiver.script({ kind: 'error', status: 500 }, { kind: 'error', status: 503 });
  publisher.publish(event({ type: 'otp.failed', errorCode: '30003' }));
  await receiver.waitUntil((r) => r.requests.length === 3);
  const ids = receiver.requests.map((r) => r.headers['webhook-id']);
  t.equal(new Set(ids).size, 1, 'one webhook-id across attempts');
  for (const delivery of receiver.requests) {
    t.ok(new Webhook(secrets.get('shop')!).verify(delivery.body, delivery.headers as Record<string, string>), 'each attempt is signed anew');
  }
  t.match(receiver.events[2], { type: 'otp.failed', data: { status: 'failed', errorCode: '30003' } });
  await t.resolves(waitFor(async () => (await count(metrics.eventDeliveries, { type: 'otp.failed' })) === 1));
  t.equal(await count(metrics.eventDeliveryFailures, { reason: 'http_500', final: 'false' }), 1);
  t.equal(await count(metrics.eventDeliveryFailures, { reason: 'http_503', final: 'false' }), 1);
});

t.test('a receiver that never takes it is retried until the attempts run out, then counted as given up', async (t) => {
  const { receivers, publisher, metrics } = await eventsHarness(t, { apps: ['shop'], retryDelaysMs: [30] });
  const receiver = receivers.get('shop')!;
  receiver.script({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
  publisher.publish(event());
  await receiver.waitUntil((r) => r.requests.length === 2);
  await t.resolves(waitFor(async () => (await count(metrics.eventDeliveryFailures, { final: 'true' })) === 1));
  await t.resolves(waitFor(async () => (await publisher.backlog()).failed === 1), 'the backlog shows it failed');
  await publisher.refreshBacklog();
  t.equal(await count(metrics.eventBacklog, { state: 'failed' }), 1);
});

t.test('the same event published twice is one delivery, identified by a stable id', async (t) => {
  const { receivers, publisher } = await eventsHarness(t, { apps: ['shop'] });
  const receiver = receivers.get('shop')!;
  publisher.publish(event({ type: 'otp.sent' }));
  publisher.publish(event({ type: 'otp.sent', occurredAt: Date.now() }));
  publisher.publish(event({ type: 'otp.sent', channel: 'whatsapp' }));
  await receiver.waitUntil((r) => r.requests.length === 2);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(receiver.requests.length, 2, 'sent on sms once, and on whatsapp once');
  t.same(receiver.events.map((e) => (e.data as { channel: string }).channel).sort(), ['sms', 'whatsapp']);
  t.not(receiver.requests[0]?.headers['webhook-id'], receiver.requests[1]?.headers['webhook-id']);
});

t.test('a slow receiver holds neither publishing nor other apps: its call times out and is retried', async (t) => {
  const { receivers, publisher, metrics } = await eventsHarness(t, { apps: ['slow', 'shop'], timeoutMs: 300, retryDelaysMs: [50] });
  receivers.get('slow')!.script({ kind: 'hang' });
  t.equal(publisher.publish(event({ app: 'slow' })), undefined, 'publish returns at once, with nothing to await');
  publisher.publish(event({ app: 'shop' }));
  await receivers.get('shop')!.waitUntil((r) => r.requests.length === 1);
  t.equal(receivers.get('slow')!.inFlight, 1, 'shop got its event while slow was still holding its call');
  await receivers.get('slow')!.waitUntil((r) => r.requests.length === 2);
  t.equal(await count(metrics.eventDeliveryFailures, { reason: 'timeout' }), 1);
  await t.resolves(waitFor(async () => (await count(metrics.eventDeliveries)) === 2));
});

t.test('no event body carries the code or the full phone, even when a caller hands over more than it should', async (t) => {
  const { receivers, publisher, ns } = await eventsHarness(t, { apps: ['shop'] });
  const receiver = receivers.get('shop')!;
  const leaky = { otp: CODE, code: CODE, sealed: 'v1.secret', body: `Your code is ${CODE}` };
  for (const type of OTP_EVENT_TYPES) publisher.publish({ ...event({ type, errorCode: type === 'otp.failed' ? '21211' : undefined }), ...leaky } as OtpEventInput);
  await receiver.waitUntil((r) => r.requests.length === OTP_EVENT_TYPES.length);
  t.same(receiver.events.map((e) => e.type).sort(), [...OTP_EVENT_TYPES].sort());
  for (const delivery of receiver.requests) {
    t.notOk(delivery.body.includes(CODE), `${JSON.parse(delivery.body).type}: no code`);
    t.notOk(delivery.body.includes('9876543210') || delivery.body.includes(PHONE), 'no full phone');
    t.match(JSON.parse(delivery.body), { data: { phone: '+91******3210' } });
  }
  const stored = (await ns.dump()).map((entry) => entry.value).join('\n');
  t.notOk(stored.includes(CODE) || stored.includes('9876543210'), 'nor does anything the queue keeps in Redis');
});

t.test('otp.expired for a code left unused, and nothing for one that was used', async (t) => {
  const asked: Array<{ requestId: string; phone: string }> = [];
  const { receivers, publisher } = await eventsHarness(t, {
    apps: ['shop'],
    isStillPending: async (code) => {
      asked.push({ requestId: code.requestId, phone: code.phone });
      return code.requestId === 'unused-code';
    },
  });
  const receiver = receivers.get('shop')!;
  const expiresAt = Date.now() + 400;
  publisher.scheduleExpiryCheck({ requestId: 'unused-code', app: 'shop', channel: 'whatsapp', phone: PHONE, expiresAt });
  publisher.scheduleExpiryCheck({ requestId: 'verified-code', app: 'shop', channel: 'sms', phone: PHONE, expiresAt });
  publisher.scheduleExpiryCheck({ requestId: 'quiet-app', app: 'quiet', channel: 'sms', phone: PHONE, expiresAt });
  const delayed = await publisher.expiries.getDelayed();
  t.same(delayed.map((job) => job.data.phoneMasked), ['+91******3210', '+91******3210'], 'only apps with a webhook get a check; the phone is sealed');
  t.notOk(JSON.stringify(delayed.map((job) => job.data)).includes('9876543210'));
  await receiver.waitUntil((r) => r.requests.length === 1);
  t.ok(Date.now() >= expiresAt, 'not before the code expired');
  t.match(receiver.events[0], { type: 'otp.expired', data: { requestId: 'unused-code', channel: 'whatsapp', status: 'expired', phone: '+91******3210' } });
  await waitFor(async () => asked.length === 2);
  t.same(asked.map((a) => a.phone), [PHONE, PHONE], 'the check gets the phone, to find the code');
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(receiver.requests.length, 1, 'the verified code told nothing');
});

t.test('apps without a webhook cost nothing; a Redis outage costs the caller nothing either', async (t) => {
  const { publisher } = await eventsHarness(t, { apps: ['shop'] });
  publisher.publish(event({ app: 'quiet' }));
  publisher.publish(event({ app: undefined as unknown as string }));
  t.equal(await publisher.events.count(), 0);

  const metrics = createMetrics({ defaultMetrics: false });
  const logs = captureLogs('events-outage');
  const dead = createRedis({ url: await deadRedisUrl(), role: 'request' });
  dead.on('error', () => undefined);
  const unreachable = new EventPublisher({
    connection: dead,
    prefix: '{dead}',
    endpoints: webhookEndpoints({ shop: { webhookUrl: 'http://127.0.0.1:9/', webhookSecret: newSecret() } }),
    sealer: new PayloadSealer(new Keyring({ current: 's'.repeat(40) })),
    logger: logs.logger,
    metrics,
  });
  t.teardown(async () => {
    dead.disconnect();
    await unreachable.close().catch(() => undefined);
  });
  t.doesNotThrow(() => unreachable.publish(event()));
  await t.resolves(waitFor(async () => (await count(metrics.eventPublishFailures, { type: 'otp.delivered' })) === 1));
  t.ok(logs.lines().some((line) => line.level === 50 && line.requestId === RID && /could not queue an event/.test(String(line.msg))), 'logged as an error');
});

t.test('the default schedule retries for more than a day', async (t) => {
  const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((sum, delay) => sum + delay, 0);
  t.ok(total > 86_400_000, `${(total / 3_600_000).toFixed(2)} h of retries`);
  const schedule = new RetrySchedule(DEFAULT_RETRY_SCHEDULE_MS, () => 0.5);
  t.equal(schedule.attempts, 8);
  t.same([1, 2, 7, 9].map((retry) => schedule.delayMs(retry)), [5000, 300_000, 36_000_000, 36_000_000]);
  t.equal(new RetrySchedule([1000], () => 0).delayMs(1), 900, 'jitter stays within a tenth');
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
