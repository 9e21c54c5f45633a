import { SMS_QUEUE_NAME } from '@otp/queue';
import { Queue } from 'bullmq';
import t from 'tap';
import { startFakeProviders } from '../support/providers.js';
import { startService } from '../support/service.js';

const PHONE = '+919876543210';

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

t.test('a 500, a 500, then success: sent on attempt 3, after growing delays', async (t) => {
  const { twilio, env } = await startFakeProviders(t);
  const service = await startService(t, env);
  twilio.script({ kind: 'error', status: 500, code: 20500 }, { kind: 'error', status: 500, code: 20500 });

  const { body } = await service.send(PHONE);
  const record = await service.waitForRecord(body.requestId as string, (r) => r.status === 'sent');

  t.same(
    record.attempts.map((a) => [a.attempt, a.provider, a.outcome, a.errorCode]),
    [
      [1, 'twilio', 'retry', '20500'],
      [2, 'twilio', 'retry', '20500'],
      [3, 'twilio', 'sent', undefined],
    ],
  );
  const [first, second] = record.attempts.map((a) => a.retryInMs as number);
  t.ok((first as number) < (second as number), `the second delay (${second} ms) is longer than the first (${first} ms)`);
  const received = twilio.requests.map((r) => r.receivedAt);
  t.ok((received[1] as number) - (received[0] as number) >= (first as number), 'attempt 2 waited at least the planned delay');
  t.ok((received[2] as number) - (received[1] as number) >= (second as number), 'attempt 3 waited at least the planned delay');
  t.match(record.providerMessageId, /^SM[0-9a-f]{32}$/);
  t.equal(twilio.requests.length, 3);
  t.ok(record.timestamps.queued && record.timestamps.sending && record.timestamps.sent, 'each step has a timestamp');

  const lines = service.logs.lines().filter((line) => line.msg === 'sms attempt');
  t.same(
    lines.map((line) => [line.attempt, line.provider, line.outcome]),
    [
      [1, 'twilio', 'retry'],
      [2, 'twilio', 'retry'],
      [3, 'twilio', 'sent'],
    ],
    'one structured log line per attempt',
  );
  const code = twilio.messages[2]?.Body?.match(/\d{6}/)?.[0] as string;
  t.notOk(service.logs.text().includes(code), 'the code is never logged');
  t.notOk(service.logs.text().includes(env.TWILIO_AUTH_TOKEN as string), 'the auth token is never logged');
  t.equal(await service.worker.metrics.smsRetried.get().then((m) => m.values.reduce((n, v) => n + v.value, 0)), 2);
});

t.test('21211 (invalid number): exactly one attempt, a failed record, no failover', async (t) => {
  const { twilio, msg91, env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, SMS_FALLBACK_PROVIDER: 'msg91' });
  twilio.script({ kind: 'error', status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });

  const { body } = await service.send(PHONE);
  const requestId = body.requestId as string;
  const record = await service.waitForRecord(requestId, (r) => r.status === 'failed');

  t.match(record, { status: 'failed', errorCode: '21211', reason: 'permanent_error', provider: 'twilio' });
  t.equal(record.attempts.length, 1);
  const queue = new Queue(SMS_QUEUE_NAME, { connection: service.ns.redis, prefix: service.ns.queuePrefix });
  t.teardown(() => queue.close());
  await until(async () => (await queue.getJobState(requestId)) === 'failed');
  t.equal((await queue.getJob(requestId))?.attemptsMade, 1, 'the job is failed for good after one attempt');
  t.equal(twilio.requests.length, 1, 'Twilio was called once');
  t.equal(msg91.requests.length, 0, 'a bad number is not failed over');
});

t.test('a timed-out call is retried', async (t) => {
  const { twilio, env } = await startFakeProviders(t);
  const service = await startService(t, env);
  twilio.script({ kind: 'hang' });

  const { body } = await service.send(PHONE);
  const record = await service.waitForRecord(body.requestId as string, (r) => r.status === 'sent');

  t.same(
    record.attempts.map((a) => [a.outcome, a.errorCode]),
    [
      ['retry', 'timeout'],
      ['sent', undefined],
    ],
  );
});

t.test('failover: after a provider-side failure the next attempt goes to the fallback provider', async (t) => {
  const { twilio, msg91, env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, SMS_FALLBACK_PROVIDER: 'msg91' });
  twilio.script({ kind: 'error', status: 503, code: 20503 });

  const { body } = await service.send(PHONE);
  const record = await service.waitForRecord(body.requestId as string, (r) => r.status === 'sent');

  t.same(
    record.attempts.map((a) => [a.attempt, a.provider, a.outcome]),
    [
      [1, 'twilio', 'retry'],
      [2, 'msg91', 'sent'],
    ],
  );
  t.equal(record.provider, 'msg91');
  t.equal(msg91.otps[0]?.mobile, '919876543210');
  t.match(record.providerMessageId, /^[0-9a-f]{24}$/);
});

t.test('failover also covers permanent provider-side refusals (21608, trial account)', async (t) => {
  const { twilio, msg91, env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, SMS_FALLBACK_PROVIDER: 'msg91' });
  twilio.script({ kind: 'error', status: 400, code: 21608, message: 'The number is unverified. Trial accounts cannot send messages to unverified numbers' });

  const { body } = await service.send(PHONE);
  const record = await service.waitForRecord(body.requestId as string, (r) => r.status === 'sent');

  t.same(
    record.attempts.map((a) => [a.provider, a.outcome, a.errorCode]),
    [
      ['twilio', 'retry', '21608'],
      ['msg91', 'sent', undefined],
    ],
  );
  t.equal(twilio.requests.length + msg91.requests.length, 2);
});

t.test('routing by country: SMS_ROUTES sends India through MSG91, the rest through Twilio', async (t) => {
  const { twilio, msg91, env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, SMS_ROUTES: 'IN:msg91,*:twilio', SMS_ALLOWED_COUNTRIES: 'IN,US' });

  const india = await service.send(PHONE);
  const us = await service.send('+14155550123');
  await service.waitForRecord(india.body.requestId as string, (r) => r.status === 'sent');
  await service.waitForRecord(us.body.requestId as string, (r) => r.status === 'sent');

  t.same(msg91.otps.map((o) => o.mobile), ['919876543210']);
  t.same(twilio.messages.map((m) => m.To), ['+14155550123']);
});

t.test('no retry is scheduled past the code expiry', async (t) => {
  const { twilio, env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, OTP_TTL_SECONDS: '30', SMS_RETRY_BASE_DELAY_MS: '120000', SMS_RETRY_MAX_DELAY_MS: '120000' });
  twilio.script({ kind: 'error', status: 500, code: 20500 });

  const { body } = await service.send(PHONE);
  const record = await service.waitForRecord(body.requestId as string, (r) => r.status === 'skipped');

  t.match(record, { reason: 'expires_before_retry', errorCode: '20500' }, 'recorded as skipped: the code would be dead before a retry');
  t.equal(record.attempts.length, 1);
  t.equal(twilio.requests.length, 1);
});

t.test('a retry whose code was replaced meanwhile is skipped', async (t) => {
  const { twilio, env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, OTP_RESEND_COOLDOWN_SECONDS: '0', SMS_RETRY_BASE_DELAY_MS: '1000' });
  twilio.script({ kind: 'error', status: 500, code: 20500 });

  const first = await service.send(PHONE);
  const firstId = first.body.requestId as string;
  await service.waitForRecord(firstId, (r) => r.attempts.length === 1);
  const second = await service.send(PHONE);

  const skipped = await service.waitForRecord(firstId, (r) => r.status === 'skipped');
  t.equal(skipped.reason, 'superseded');
  await service.waitForRecord(second.body.requestId as string, (r) => r.status === 'sent');
  t.equal(twilio.requests.length, 2, 'the replaced code was never sent again');
});

t.test('wrong Twilio credentials: no retry, and one loud error naming TWILIO_AUTH_TOKEN', async (t) => {
  const { twilio, env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, TWILIO_AUTH_TOKEN: 'not-the-right-token' });

  const first = await service.send(PHONE);
  const second = await service.send('+919876543299');
  for (const response of [first, second]) {
    const record = await service.waitForRecord(response.body.requestId as string, (r) => r.status === 'failed');
    t.match(record, { errorCode: '20003', reason: 'permanent_error', attempts: [{ outcome: 'failed' }] });
  }
  t.equal(twilio.requests.length, 2, 'one call per message, no retries');
  const loud = service.logs.lines().filter((line) => typeof line.msg === 'string' && line.msg.includes('check TWILIO_AUTH_TOKEN'));
  t.equal(loud.length, 1, 'the configuration error is logged once, not per message');
  t.equal(loud[0]?.level, 50, 'at error level');
  t.notOk(service.logs.text().includes('not-the-right-token'), 'the token itself is never logged');
});

t.test('SMS_MAX_PER_SECOND becomes the BullMQ limiter shared by all workers', async (t) => {
  const { env } = await startFakeProviders(t);
  const service = await startService(t, { ...env, SMS_MAX_PER_SECOND: '7' });
  t.same(service.worker.worker.opts.limiter, { max: 7, duration: 1000 });
  // Sending one message also lets the worker start fully before it is closed: a BullMQ
  // worker closed during its start-up leaves a 30 s stalled-check timer behind.
  const { body } = await service.send(PHONE);
  await service.waitForRecord(body.requestId as string, (r) => r.status === 'sent');
});
