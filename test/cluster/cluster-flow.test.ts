import { composeApi } from '@otp/api';
import { waitUntilReady, type Cluster } from '@otp/redis';
import { DevelopmentProvider } from '@otp/sms';
import { captureLogs, SmsInbox, startLocalRedisCluster, testConfigs } from '@otp/testkit';
import { composeWorker } from '@otp/worker';
import t from 'tap';

/** Chosen so their hash tags fall in slots 5842, 2761 and 14050: one phone per master of a 3-master cluster. */
const PHONES = ['+919876543210', '+919812345678', '+919123456789'];

t.test('send → deliver → verify on a 3-master Redis Cluster', async (t) => {
  const cluster = await startLocalRedisCluster(3);
  t.teardown(() => cluster.stop());
  t.comment(`cluster nodes: ${cluster.env.REDIS_CLUSTER_NODES}`);

  const config = testConfigs(cluster.env);
  const logs = captureLogs();
  const inbox = new SmsInbox();
  const api = await composeApi(config.api, logs.logger);
  await waitUntilReady(api.redis, 10_000);
  const worker = composeWorker(config.worker, logs.logger, { provider: new DevelopmentProvider(inbox) });
  t.teardown(async () => {
    await worker.close();
    await api.close();
  });
  t.ok(api.redis.isCluster, 'REDIS_CLUSTER_NODES selects a Cluster client');

  const ready = await api.app.inject({ url: '/health/ready' });
  t.equal(ready.statusCode, 200, 'ready against the cluster');

  for (const phone of PHONES) {
    const sent = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone } });
    t.equal(sent.statusCode, 202, `send to ${phone}`);
    await inbox.waitFor(phone, 1, 20_000);
    const code = inbox.lastCodeFor(phone) as string;
    const wrong = await api.app.inject({ method: 'POST', url: '/api/v1/auth/verify-otp', payload: { phone, otp: code === '000000' ? '111111' : '000000' } });
    t.equal(wrong.statusCode, 400, 'a wrong code is refused');
    const verified = await api.app.inject({ method: 'POST', url: '/api/v1/auth/verify-otp', payload: { phone, otp: code } });
    t.same([verified.statusCode, verified.json()], [200, { verified: true }], `verify ${phone}`);
    const again = await api.app.inject({ method: 'POST', url: '/api/v1/auth/verify-otp', payload: { phone, otp: code } });
    t.equal(again.json().code, 'OTP_EXPIRED', 'single use on the cluster too');
  }

  // Each phone's keys share one slot; the phones spread over the masters; the queue lives in {otp}'s slot.
  const redis = api.redis as Cluster;
  const slots = await Promise.all(PHONES.map((phone) => redis.cluster('KEYSLOT', `otp:{${phone}}:default:code`)));
  const phoneSlots = await Promise.all(PHONES.map((phone) => redis.cluster('KEYSLOT', `otp:{${phone}}:global-sends`)));
  t.same(slots, phoneSlots, "an app's keys of one phone share a slot with the phone's all-apps ceiling");
  const masters = redis.nodes('master');
  const otpKeys = await Promise.all(masters.map((node) => node.keys('otp:*')));
  t.same(
    otpKeys.map((keys) => keys.map((key) => key.replace(/^otp:\{[^}]+\}:/, '')).sort()),
    [0, 1, 2].map(() => ['default:cooldown', 'default:sends', 'default:sends:day', 'global-sends']),
    'the phones’ keys spread over all three masters (after verifying, each keeps its cooldown and send counters)',
  );
  const queueKeys = await Promise.all(masters.map((node) => node.keys('{otp}*')));
  t.equal(queueKeys.filter((keys) => keys.length > 0).length, 1, 'every queue key sits on one master (hash tag {otp})');
  t.comment(`phone key slots: ${slots.join(', ')}; OTP keys per master: ${otpKeys.map((k) => k.length).join(', ')}; queue keys per master: ${queueKeys.map((k) => k.length).join(', ')}`);
});
