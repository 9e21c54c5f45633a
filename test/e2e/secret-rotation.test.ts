import { randomBytes } from 'node:crypto';
import { composeApi, type Api } from '@otp/api';
import { SMS_QUEUE_NAME, type SmsJobData } from '@otp/queue';
import { waitUntilReady } from '@otp/redis';
import { DevelopmentProvider } from '@otp/sms';
import { captureLogs, createRedisNamespace, SmsInbox, testConfigs, type RedisNamespace } from '@otp/testkit';
import { composeWorker, type SmsWorker } from '@otp/worker';
import { Queue } from 'bullmq';
import t from 'tap';

type Tap = { teardown(fn: () => Promise<void> | void): void };

const secret = () => randomBytes(32).toString('base64url');

/**
 * One deployment on one Redis namespace, started and stopped like processes:
 * each start composes a fresh API and worker from the environment it is given,
 * as a restart with new variables would.
 */
function deployment(t: Tap, ns: RedisNamespace) {
  const inbox = new SmsInbox();
  const logs = captureLogs();
  let running: { api: Api; worker: SmsWorker | undefined } | undefined;
  const stop = async () => {
    await running?.worker?.close();
    await running?.api.close();
    running = undefined;
  };
  t.teardown(stop);
  return {
    inbox,
    logs,
    stop,
    async start(env: Record<string, string>, options: { worker: boolean }) {
      await stop();
      const config = testConfigs({ ...ns.env, OTP_RESEND_COOLDOWN_SECONDS: '0', ...env });
      const api = await composeApi(config.api, logs.logger);
      await waitUntilReady(api.redis);
      const worker = options.worker ? composeWorker(config.worker, logs.logger, { provider: new DevelopmentProvider(inbox) }) : undefined;
      await worker?.worker.waitUntilReady();
      running = { api, worker };
      return {
        send: async (phone: string) => (await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone } })).json().requestId as string,
        verify: async (phone: string, otp: string) => {
          const response = await api.app.inject({ method: 'POST', url: '/api/v1/auth/verify-otp', payload: { phone, otp } });
          return { statusCode: response.statusCode, body: response.json() as Record<string, unknown> };
        },
      };
    },
  };
}

async function settledJob(ns: RedisNamespace, requestId: string) {
  const queue = new Queue<SmsJobData>(SMS_QUEUE_NAME, { connection: ns.redis, prefix: ns.queuePrefix });
  try {
    for (;;) {
      const state = await queue.getJobState(requestId);
      const job = await queue.getJob(requestId);
      if (job && (state === 'completed' || state === 'failed')) return { state, job };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await queue.close();
  }
}

t.test('rotating OTP_SECRET: codes stored and jobs queued under A verify and deliver after a restart with B current, A previous', async (t) => {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const service = deployment(t, ns);
  const [a, b] = [secret(), secret()];
  const delivered = '+919876543210';
  const queued = ['+919812345678', '+919900112233', '+919123456789'];

  // Under A: one code delivered and not yet typed in, three more still in the queue (the worker is down).
  await (await service.start({ OTP_SECRET: a }, { worker: true })).send(delivered);
  await service.inbox.waitFor(delivered);
  const underA = await service.start({ OTP_SECRET: a }, { worker: false });
  const queuedIds = await Promise.all(queued.map((phone) => underA.send(phone)));
  t.equal(service.inbox.messages.length, 1, 'the three jobs wait in the queue');

  // Both processes restart with B current and A previous.
  const underB = await service.start({ OTP_SECRET: b, OTP_SECRET_PREVIOUS: a }, { worker: true });
  const results = await Promise.all(queuedIds.map((id) => settledJob(ns, id)));
  t.same(results.map((result) => result.state), ['completed', 'completed', 'completed'], 'every job queued under A delivered');
  for (const phone of queued) await service.inbox.waitFor(phone);
  const verified = [];
  for (const phone of [delivered, ...queued]) verified.push((await underB.verify(phone, service.inbox.lastCodeFor(phone) as string)).body);
  t.same(verified, [delivered, ...queued].map(() => ({ verified: true })), 'every code stored under A verifies');

  // New codes and jobs use B only: a deployment holding B alone reads them.
  const fresh = '+919811122233';
  const freshId = await underB.send(fresh);
  const job = (await settledJob(ns, freshId)).job;
  const underBOnly = await service.start({ OTP_SECRET: b }, { worker: false });
  await service.inbox.waitFor(fresh);
  t.same(await underBOnly.verify(fresh, service.inbox.lastCodeFor(fresh) as string), { statusCode: 200, body: { verified: true } });
  t.match(job.data.sealed, /^v2\.[A-Za-z0-9_-]{8}\./, 'the job names the key id it was sealed with');
  t.comment(`under A: 1 code delivered, ${queued.length} jobs queued; after the restart with B current and A previous: ` +
    `${results.filter((r) => r.state === 'completed').length}/${queued.length} jobs delivered, ${verified.length}/${queued.length + 1} codes verified`);
});

t.test('a job no key opens ends at once as failed (unreadable_payload), with one error naming OTP_SECRET, and no retry', async (t) => {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const service = deployment(t, ns);
  const [a, b] = [secret(), secret()];
  const phone = '+919876543210';

  const underA = await service.start({ OTP_SECRET: a, SMS_MAX_ATTEMPTS: '5' }, { worker: false });
  const requestId = await underA.send(phone);
  // Restarted with B and without OTP_SECRET_PREVIOUS: the rotation's mistake this guards against.
  const underB = await service.start({ OTP_SECRET: b }, { worker: true });
  const { state, job } = await settledJob(ns, requestId);

  t.equal(state, 'failed');
  t.equal(job.attemptsMade, 1, 'one attempt of the five allowed: no retry');
  t.equal(job.failedReason, 'unreadable_payload');
  t.same(service.inbox.messages, [], 'nothing was sent');
  t.match(await ns.redis.hgetall(`${ns.keyPrefix}delivery:{${requestId}}`), { status: 'failed', reason: 'unreadable_payload' }, 'the delivery record says why');
  const errors = service.logs.lines().filter((line) => line.level === 50);
  t.equal(errors.length, 1, 'one error line');
  t.match(errors[0], { requestId, reason: 'unreadable_payload', msg: /OTP_SECRET or OTP_SECRET_PREVIOUS/ });
  t.notOk(service.logs.text().includes(a) || service.logs.text().includes(b), 'and no secret in it');
  t.match(await underB.verify(phone, '123456'), { statusCode: 400, body: { code: 'OTP_EXPIRED' } }, "A's code is, to B alone, no code");
});
