import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { composeApi, type Api } from '@otp/api';
import { waitUntilReady } from '@otp/redis';
import { captureLogs, createRedisNamespace, FakeTwilioServer, testApiConfig, testWorkerConfig, type RedisNamespace } from '@otp/testkit';
import { composeWorker } from '@otp/worker';
import t from 'tap';

/** The worker process exactly as deployed, sending through Twilio's SDK to a local fake whose latency each test scripts. */
const WORKER_ENTRY = fileURLToPath(new URL('../dist/main.js', import.meta.url));
/** No .env there: every value the process reads comes from the env the test gives it. */
const WORKER_CWD = fileURLToPath(new URL('..', import.meta.url));
const PHONE = '+919876543210';
// Built at run time so no string in the repo looks like a real credential.
const TWILIO_ACCOUNT_SID = `AC${'fake'.repeat(8)}`;
const TWILIO_AUTH_TOKEN = 'lifecycle-twilio-auth-token';
/** Longer than any send a test holds open, so only the test decides when a call ends. */
const PROVIDER_TIMEOUT_MS = '60000';

type Line = Record<string, unknown>;

interface WorkerProcess {
  child: ChildProcess;
  lines: Line[];
  /** Resolves with the first output line (JSON) that matches, waiting for it if need be. */
  waitForLine(match: (line: Line) => boolean, timeoutMs?: number): Promise<Line>;
  /** Settles once the process has exited and its output is fully read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnWorker(t: { teardown(fn: () => void): void }, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [WORKER_ENTRY], {
    cwd: WORKER_CWD,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', WORKER_HEALTH_HOST: '127.0.0.1', WORKER_HEALTH_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Line[] = [];
  const listeners = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as Line);
    } catch {
      lines.push({ text });
    }
    for (const listener of listeners) listener();
  });
  // 'close', not 'exit': only then has every line the process wrote been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
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

/**
 * One namespace, one secret, one Twilio fake, an in-process API: everything a
 * spawned worker needs to share with the test. `processEnv` is the whole env of
 * a worker, spawned or composed in the test.
 */
async function setUp(t: { teardown(fn: () => Promise<void>): void }, env: Record<string, string> = {}) {
  const ns: RedisNamespace = await createRedisNamespace();
  const twilio = await new FakeTwilioServer({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN }).start();
  const processEnv = {
    ...ns.env,
    OTP_SECRET: randomBytes(32).toString('base64url'),
    SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    TWILIO_PHONE_NUMBER: '+15005550006',
    TWILIO_API_BASE_URL: twilio.url,
    SMS_PROVIDER_TIMEOUT_MS: PROVIDER_TIMEOUT_MS,
    ...env,
  };
  const api: Api = await composeApi(testApiConfig(processEnv), captureLogs().logger);
  await waitUntilReady(api.redis);
  t.teardown(async () => {
    await api.close();
    await twilio.close();
    await ns.cleanup();
  });
  const send = async (): Promise<string> => {
    const response = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone: PHONE } });
    return response.json().requestId as string;
  };
  const verify = async (otp: string): Promise<number> =>
    (await api.app.inject({ method: 'POST', url: '/api/v1/auth/verify-otp', payload: { phone: PHONE, otp } })).statusCode;
  return { api, twilio, processEnv, send, verify };
}

const isStarted = (line: Line): boolean => line.msg === 'worker started';
const attemptOf = (requestId: string) => (line: Line) => line.msg === 'sms attempt' && line.requestId === requestId;
const codeIn = (message: Record<string, string> | undefined): string | undefined => message?.Body?.match(/\b\d{4,10}\b/)?.[0];

/** Waits for the job to leave the active state (a rescuer records the send before completing it). */
async function settledState(api: Api, requestId: string): Promise<string | undefined> {
  const job = await api.queue.queue.getJob(requestId);
  while ((await job?.getState()) === 'active') await new Promise((resolve) => setTimeout(resolve, 50));
  return job?.getState();
}

t.test('worker health server: live, ready and metrics on WORKER_HEALTH_PORT', async (t) => {
  const { twilio, processEnv, send } = await setUp(t);
  const worker = spawnWorker(t, processEnv);
  const port = (await worker.waitForLine(isStarted)).healthPort as number;
  const requestId = await send();
  await worker.waitForLine((line) => attemptOf(requestId)(line) && line.outcome === 'sent');
  t.equal(twilio.messages.length, 1, 'the SMS went to Twilio');

  const live = await fetch(`http://127.0.0.1:${port}/health/live`);
  t.same([live.status, await live.json()], [200, { status: 'ok' }]);
  const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
  t.same([ready.status, await ready.json()], [200, { status: 'ready', checks: { redis: 'up', worker: 'up' } }]);
  const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
  t.equal(metrics.status, 200);
  const text = await metrics.text();
  t.match(text, /^otp_sms_sent_total\{provider="twilio",country="IN"\} 1$/m, 'the send is counted');
  t.match(text, /^otp_sms_spend_messages_total\{provider="twilio",country="IN"\} 1$/m);
  t.match(text, /^otp_sms_provider_latency_seconds_count\{provider="twilio",outcome="sent"\} 1$/m);
  t.match(text, /^otp_redis_up 1$/m, 'the scrape PINGs the worker’s Redis');

  worker.child.kill('SIGTERM');
  t.same(await worker.exited, { code: 0, signal: null }, 'an idle worker exits cleanly on SIGTERM');
});

t.test('SIGTERM with a send in flight: the send finishes once, then the worker exits', async (t) => {
  const { api, twilio, processEnv, send } = await setUp(t);
  // Long enough that the signal lands while Twilio is still answering.
  twilio.script({ kind: 'accept', latencyMs: 3000 });
  const worker = spawnWorker(t, processEnv);
  await worker.waitForLine(isStarted);

  const requestId = await send();
  await twilio.waitUntil((fake) => fake.inFlight === 1, 15_000, 'the send reaching Twilio');
  worker.child.kill('SIGTERM');

  t.same(await worker.exited, { code: 0, signal: null }, 'exit code 0 after a graceful shutdown');
  t.equal(twilio.messages.length, 1, 'Twilio got the SMS exactly once');
  t.equal(twilio.inFlight, 0, 'and answered it before the worker went away');
  const attempts = worker.lines.filter(attemptOf(requestId));
  t.match(attempts, [{ outcome: 'sent', provider: 'twilio' }], 'the in-flight send ran to the end, exactly once');
  t.equal(attempts.length, 1);
  const order = worker.lines.map((line) => line.msg);
  t.ok(order.indexOf('shutting down: finishing in-flight sends') < order.indexOf('sms attempt'), 'the shutdown began with the send in flight');
  t.ok(order.indexOf('sms attempt') < order.indexOf('worker stopped'), 'the process stopped only after the send finished');

  const job = await api.queue.queue.getJob(requestId);
  t.equal(await job?.getState(), 'completed', 'the job is completed, so no other worker will send it again');
  t.match(job?.returnvalue, { status: 'sent', provider: 'twilio' });
});

t.test('kill -9 mid-send: another worker picks the job up and the code still verifies', async (t) => {
  const stalledEnv = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
  const { api, twilio, processEnv, send, verify } = await setUp(t, stalledEnv);
  // The first call never gets an answer: the worker dies holding it open.
  twilio.script({ kind: 'hang' });
  const crashing = spawnWorker(t, processEnv);
  await crashing.waitForLine(isStarted);

  const requestId = await send();
  await twilio.waitUntil((fake) => fake.inFlight === 1, 15_000, 'the send reaching Twilio');
  crashing.child.kill('SIGKILL');
  t.same(await crashing.exited, { code: null, signal: 'SIGKILL' });
  await twilio.waitUntil((fake) => fake.inFlight === 0, 15_000, 'the dead worker connection closing');
  t.notOk(crashing.lines.some(attemptOf(requestId)), 'the crashed worker never finished its send');

  const rescuer = composeWorker(testWorkerConfig(processEnv), captureLogs().logger);
  t.teardown(() => rescuer.close());
  await twilio.waitUntil((fake) => fake.messages.length === 2, 30_000, 'the rescued send');
  t.equal(await settledState(api, requestId), 'completed', 'the stalled job was taken over');
  t.match((await api.queue.queue.getJob(requestId))?.returnvalue, { status: 'sent', provider: 'twilio' });

  const rescued = twilio.messages[1];
  t.equal(rescued?.To, PHONE);
  t.equal(await verify(codeIn(rescued) as string), 200, 'the code in the recovered SMS is the live one');
});

t.test('SIGTERM with a send that outlives WORKER_SHUTDOWN_TIMEOUT_MS: the worker exits, the job is not lost', async (t) => {
  const stalledEnv = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
  const { api, twilio, processEnv, send, verify } = await setUp(t, stalledEnv);
  // Twilio never answers the first call; only the process exiting ends it.
  twilio.script({ kind: 'hang' });
  const stuck = spawnWorker(t, { ...processEnv, WORKER_SHUTDOWN_TIMEOUT_MS: '1000' });
  await stuck.waitForLine(isStarted);

  const requestId = await send();
  await twilio.waitUntil((fake) => fake.inFlight === 1, 15_000, 'the send reaching Twilio');
  stuck.child.kill('SIGTERM');
  t.same(await stuck.exited, { code: 0, signal: null }, 'the shutdown is bounded: the process exits without waiting for the send');
  t.ok(stuck.lines.some((line) => line.msg === 'in-flight sends outlived the shutdown timeout; another worker will take them over'), 'the timeout was logged');
  t.notOk(stuck.lines.some(attemptOf(requestId)), 'the abandoned send never finished');

  const rescuer = composeWorker(testWorkerConfig(processEnv), captureLogs().logger);
  t.teardown(() => rescuer.close());
  await twilio.waitUntil((fake) => fake.messages.length === 2, 30_000, 'the rescued send');
  // Twilio accepted it; the job completes once the rescuer has recorded the send.
  t.equal(await settledState(api, requestId), 'completed', 'the abandoned job was taken over once its lock expired');
  const rescued = twilio.messages[1];
  t.equal(rescued?.To, PHONE);
  t.equal(await verify(codeIn(rescued) as string), 200, 'the code in the rescued SMS verifies');
});
