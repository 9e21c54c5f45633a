import { ConfigError } from '@otp/config';
import { captureLogs, createRedisNamespace, FakeSmsProvider, testWorkerConfig } from '@otp/testkit';
import { composeWorker } from '@otp/worker';
import t from 'tap';

t.test('stall detection comes from WORKER_LOCK_DURATION_MS and WORKER_STALLED_INTERVAL_MS', async (t) => {
  const ns = await createRedisNamespace();
  const config = testWorkerConfig({ ...ns.env, WORKER_LOCK_DURATION_MS: '5000', WORKER_STALLED_INTERVAL_MS: '2000' });
  const sms = composeWorker(config, captureLogs().logger, { provider: new FakeSmsProvider() });
  t.teardown(async () => {
    await sms.close();
    await ns.cleanup();
  });
  t.equal(sms.worker.opts.lockDuration, 5000);
  t.equal(sms.worker.opts.stalledInterval, 2000);
});

t.test("the defaults are BullMQ's own 30 s", async (t) => {
  const { stalled } = testWorkerConfig().worker;
  t.same([stalled.lockDurationMs, stalled.stalledIntervalMs], [30_000, 30_000]);
});

t.test('a lock shorter than a second is refused, naming the variable', async (t) => {
  t.throws(() => testWorkerConfig({ WORKER_LOCK_DURATION_MS: '500' }), ConfigError);
  t.throws(() => testWorkerConfig({ WORKER_LOCK_DURATION_MS: '500' }), { message: /WORKER_LOCK_DURATION_MS/ });
});
