import { SMS_QUEUE_NAME, type SmsJobData } from '@otp/queue';
import { Queue } from 'bullmq';
import t from 'tap';
import { startService, type RunningService } from '../support/service.js';

const PHONE = '+919876543210';

/** Opens the test's queue, waits until `count` jobs completed, and returns their results by request id. */
async function settledResults(service: RunningService, requestIds: string[]): Promise<unknown[]> {
  const queue = new Queue<SmsJobData>(SMS_QUEUE_NAME, { connection: service.ns.redis, prefix: service.ns.queuePrefix });
  try {
    while (((await queue.getJobCounts('completed')).completed ?? 0) < requestIds.length) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const jobs = await Promise.all(requestIds.map((id) => queue.getJob(id)));
    return jobs.map((job) => job?.returnvalue);
  } finally {
    await queue.close();
  }
}

t.test('a job whose code was replaced sends nothing and is recorded as skipped', async (t) => {
  const service = await startService(t, { OTP_RESEND_COOLDOWN_SECONDS: '0' }, { worker: false });
  const first = (await service.send(PHONE)).body.requestId as string;
  const second = (await service.send(PHONE)).body.requestId as string;

  await service.startWorker();
  const [stale, live] = await settledResults(service, [first, second]);
  t.same(stale, { status: 'skipped', reason: 'superseded' });
  t.match(live, { status: 'sent', provider: 'development', providerMessageId: /^dev-/ });
  t.equal(service.inbox.to(PHONE).length, 1, 'exactly one SMS went out');
  t.same((await service.verify(PHONE, service.inbox.lastCodeFor(PHONE) as string)).body, { verified: true });
});

t.test('a job whose code was already verified sends nothing', async (t) => {
  const service = await startService(t, {}, { worker: false });
  const requestId = (await service.send(PHONE)).body.requestId as string;
  // Prove the code works without the SMS: burn it with five wrong guesses instead of knowing it.
  for (let i = 0; i < 5; i++) await service.verify(PHONE, '000000');

  await service.startWorker();
  const [result] = await settledResults(service, [requestId]);
  t.same(result, { status: 'skipped', reason: 'attempts_exhausted' });
  t.equal(service.inbox.messages.length, 0, 'no SMS for a dead code');
});

t.test('a job whose code expired sends nothing', async (t) => {
  const service = await startService(t, { OTP_TTL_SECONDS: '5' }, { worker: false });
  const requestId = (await service.send(PHONE)).body.requestId as string;
  const key = `${service.ns.keyPrefix}otp:{${PHONE}}:default:code`;
  while ((await service.ns.redis.exists(key)) === 1) await new Promise((resolve) => setTimeout(resolve, 250));

  await service.startWorker();
  const [result] = await settledResults(service, [requestId]);
  t.same(result, { status: 'skipped', reason: 'verified_or_expired' });
  t.equal(service.inbox.messages.length, 0);
});
