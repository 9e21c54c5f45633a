import { composeApi } from '@otp/api';
import { waitUntilReady } from '@otp/redis';
import { captureLogs, createRedisNamespace, FakeSmsProvider, testConfigs } from '@otp/testkit';
import { composeWorker } from '@otp/worker';
import t from 'tap';

t.test('worker metrics: sent, spend and latency on success; failed by error code; skipped by reason', async (t) => {
  const ns = await createRedisNamespace();
  const config = testConfigs({ ...ns.env, OTP_RESEND_COOLDOWN_SECONDS: '0', SMS_ALLOWED_COUNTRIES: '*' });
  const logs = captureLogs();
  const api = await composeApi(config.api, logs.logger);
  await waitUntilReady(api.redis);
  const provider = new FakeSmsProvider('development').script({ kind: 'accept' }, { kind: 'fail', permanent: true, providerCode: '21211' });
  const worker = composeWorker(config.worker, logs.logger, { provider });
  t.teardown(async () => {
    await worker.close();
    await api.close();
    await ns.cleanup();
  });
  const send = async (phone: string): Promise<string> =>
    (await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone } })).json().requestId as string;
  const settled = (requestId: string): Promise<void> =>
    new Promise((resolve) => {
      const done = (job: { id?: string } | undefined): void => {
        if (job?.id !== requestId) return;
        worker.worker.off('completed', done);
        worker.worker.off('failed', done);
        resolve();
      };
      worker.worker.on('completed', done);
      worker.worker.on('failed', done);
    });

  const accepted = await send('+919876543210');
  await provider.waitForSent(1);
  const rejectedId = await send('+14155550123');
  await settled(rejectedId);
  // A job whose code was replaced by a newer send before the worker reached it sends nothing.
  await worker.worker.pause();
  const supersededId = await send('+33612345678');
  const skipped = settled(supersededId);
  await send('+33612345678');
  worker.worker.resume();
  await skipped;
  await provider.waitForSent(2);

  const text = await worker.metrics.registry.metrics();
  t.equal(provider.sent[0]?.requestId, accepted);
  t.match(text, /^otp_sms_sent_total\{provider="development",country="IN"\} 1$/m);
  t.match(text, /^otp_sms_spend_messages_total\{provider="development",country="IN"\} 1$/m);
  t.match(text, /^otp_sms_provider_latency_seconds_count\{provider="development",outcome="sent"\} 2$/m, 'one sample per accepted message');
  t.match(text, /^otp_sms_failed_total\{provider="development",country="US",error_code="21211"\} 1$/m);
  t.match(text, /^otp_sms_provider_latency_seconds_count\{provider="development",outcome="error"\} 1$/m);
  t.match(text, /^otp_sms_skipped_total\{reason="superseded"\} 1$/m);
  t.match(text, /^otp_sms_sent_total\{provider="development",country="FR"\} 1$/m, 'the newer code was sent');
  t.notMatch(text, /otp_sms_retried_total\{/, 'a permanent failure is never counted as a retry');
});
