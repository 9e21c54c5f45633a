import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { composeApi, type Api } from '@otp/api';
import { waitUntilReady } from '@otp/redis';
import { captureLogs, createRedisNamespace, FakeSmsProvider, testConfig, type RedisNamespace } from '@otp/testkit';
import { composeWorker } from '@otp/worker';
import t from 'tap';

/**
 * The worker process under test. It is runWorker (what main.js runs) with a provider
 * that takes SLOW_SEND_MS per message, so a send is in flight when the signal lands.
 * Once a slow provider exists at the HTTP wire (e.g. SMS_PROVIDER=twilio with
 * TWILIO_API_BASE_URL at a delaying fake), this can become `apps/worker/dist/main.js` plus that env.
 */
const WORKER_ENTRY = new URL('./fixtures/slow-provider-worker.mjs', import.meta.url).pathname;
const PHONE = '+919876543210';

interface WorkerProcess {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  /** Resolves with the first output line (JSON) that matches, waiting for it if need be. */
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnWorker(t: { teardown(fn: () => void): void }, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_ENTRY], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', WORKER_HEALTH_HOST: '127.0.0.1', WORKER_HEALTH_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      lines.push({ text });
    }
    for (const listener of listeners) listener();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    child,
    lines,
    exited,
    waitForLine: (match, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find(match);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching worker output within ${timeoutMs} ms; got:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

/** One namespace, one secret, an in-process API: everything a spawned worker needs to share with the test. */
async function setUp(t: { teardown(fn: () => Promise<void>): void }, env: Record<string, string> = {}) {
  const ns: RedisNamespace = await createRedisNamespace();
  const processEnv = { ...ns.env, OTP_SECRET: randomBytes(32).toString('base64url'), ...env };
  const api: Api = await composeApi(testConfig(processEnv), captureLogs().logger);
  await waitUntilReady(api.redis);
  t.teardown(async () => {
    await api.close();
    await ns.cleanup();
  });
  const send = async (): Promise<string> => {
    const response = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone: PHONE } });
    return response.json().requestId as string;
  };
  return { ns, api, processEnv, send };
}

const isStarted = (line: Record<string, unknown>): boolean => line.msg === 'worker started';
const fixtureEvent = (event: string, requestId: string) => (line: Record<string, unknown>) => line.fixture === event && line.requestId === requestId;

t.test('worker health server: live, ready and metrics on WORKER_HEALTH_PORT', async (t) => {
  const { processEnv, send } = await setUp(t);
  const worker = spawnWorker(t, { ...processEnv, SLOW_SEND_MS: '0' });
  const port = (await worker.waitForLine(isStarted)).healthPort as number;
  const requestId = await send();
  await worker.waitForLine((line) => line.msg === 'sms attempt' && line.outcome === 'sent' && line.requestId === requestId);

  const live = await fetch(`http://127.0.0.1:${port}/health/live`);
  t.same([live.status, await live.json()], [200, { status: 'ok' }]);
  const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
  t.same([ready.status, await ready.json()], [200, { status: 'ready', checks: { redis: 'up', worker: 'up' } }]);
  const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
  t.equal(metrics.status, 200);
  const text = await metrics.text();
  t.match(text, /^otp_sms_sent_total\{provider="development",country="IN"\} 1$/m, 'the send is counted');
  t.match(text, /^otp_sms_spend_messages_total\{provider="development",country="IN"\} 1$/m);
  t.match(text, /^otp_sms_provider_latency_seconds_count\{provider="development",outcome="sent"\} 1$/m);

  worker.child.kill('SIGTERM');
  t.same(await worker.exited, { code: 0, signal: null }, 'an idle worker exits cleanly on SIGTERM');
});

t.test('SIGTERM with a send in flight: the send finishes once, then the worker exits', async (t) => {
  const { api, processEnv, send } = await setUp(t);
  const worker = spawnWorker(t, { ...processEnv, SLOW_SEND_MS: '1500' });
  await worker.waitForLine(isStarted);

  const requestId = await send();
  await worker.waitForLine(fixtureEvent('send-started', requestId));
  worker.child.kill('SIGTERM');

  t.same(await worker.exited, { code: 0, signal: null }, 'exit code 0 after a graceful shutdown');
  const events = worker.lines.filter((line) => line.requestId === requestId && line.fixture).map((line) => line.fixture);
  t.same(events, ['send-started', 'send-finished'], 'the in-flight send ran to the end, exactly once');
  const order = worker.lines.map((line) => line.fixture ?? line.msg);
  t.ok(order.indexOf('send-finished') < order.indexOf('worker stopped'), 'the process stopped only after the send finished');

  const job = await api.queue.queue.getJob(requestId);
  t.equal(await job?.getState(), 'completed', 'the job is completed, so no other worker will send it again');
  t.match(job?.returnvalue, { status: 'sent', provider: 'development' });
});

t.test('kill -9 mid-send: another worker picks the job up and the code still verifies', async (t) => {
  const stalledEnv = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
  const { api, processEnv, send } = await setUp(t, stalledEnv);
  const crashing = spawnWorker(t, { ...processEnv, SLOW_SEND_MS: '600000' });
  await crashing.waitForLine(isStarted);

  const requestId = await send();
  await crashing.waitForLine(fixtureEvent('send-started', requestId));
  crashing.child.kill('SIGKILL');
  t.same(await crashing.exited, { code: null, signal: 'SIGKILL' });
  t.notOk(
    crashing.lines.some(fixtureEvent('send-finished', requestId)),
    'the crashed worker never finished its send',
  );

  const provider = new FakeSmsProvider('development');
  const rescuer = composeWorker(testConfig(processEnv), captureLogs().logger, { provider });
  t.teardown(() => rescuer.close());
  await provider.waitForSent(1, 30_000);
  t.equal(provider.sent[0]?.requestId, requestId, 'the stalled job was taken over');

  const code = provider.lastCodeFor(PHONE) as string;
  const verified = await api.app.inject({ method: 'POST', url: '/api/v1/auth/verify-otp', payload: { phone: PHONE, otp: code } });
  t.equal(verified.statusCode, 200, 'the code in the recovered SMS is the live one');
});

t.test('SIGTERM with a send that outlives WORKER_SHUTDOWN_TIMEOUT_MS: the worker exits, the job is not lost', async (t) => {
  const stalledEnv = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
  const { api, processEnv, send } = await setUp(t, stalledEnv);
  const stuck = spawnWorker(t, { ...processEnv, SLOW_SEND_MS: '600000', WORKER_SHUTDOWN_TIMEOUT_MS: '1000' });
  await stuck.waitForLine(isStarted);

  const requestId = await send();
  await stuck.waitForLine(fixtureEvent('send-started', requestId));
  stuck.child.kill('SIGTERM');
  t.same(await stuck.exited, { code: 0, signal: null }, 'the shutdown is bounded: the process exits without waiting for the send');
  t.ok(stuck.lines.some((line) => line.msg === 'in-flight sends outlived the shutdown timeout; another worker will take them over'));

  const provider = new FakeSmsProvider('development');
  const rescuer = composeWorker(testConfig(processEnv), captureLogs().logger, { provider });
  t.teardown(() => rescuer.close());
  await provider.waitForSent(1, 30_000);
  t.equal(provider.sent[0]?.requestId, requestId, 'the abandoned job was taken over once its lock expired');
  // The provider accepted it; the job completes once the rescuer has recorded the send.
  const job = await api.queue.queue.getJob(requestId);
  while ((await job?.getState()) === 'active') await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(await job?.getState(), 'completed');
});
