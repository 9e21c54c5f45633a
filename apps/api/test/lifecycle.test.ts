import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createRedisNamespace, startLocalRedis } from '@otp/testkit';
import t from 'tap';

const API_ENTRY = new URL('../dist/main.js', import.meta.url).pathname;

/** Runs the real API process and collects its JSON log lines. */
function spawnApi(t: { teardown(fn: () => void): void }, env: Record<string, string>) {
  const child = spawn(process.execPath, [API_ENTRY], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', OTP_SECRET: randomBytes(32).toString('base64url'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    lines.push(JSON.parse(text) as Record<string, unknown>);
    for (const waiter of waiters) waiter();
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLine = (match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.find(match);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => reject(new Error(`no matching API log line; got:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`)), 20_000);
      waiters.add(check);
      check();
    });
  return { child, lines, exited, waitForLine };
}

/** Polls /health/ready as an orchestrator would, until 200 or `timeoutMs`; the last status. */
async function readyWithin(address: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await fetch(`${address}/health/ready`)).status;
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return status;
}

const listening = (line: Record<string, unknown>): boolean => /^Server listening at http:\/\/127\.0\.0\.1:\d+$/.test(String(line.msg));

t.test('the API process serves, then on SIGTERM drains and exits 0', async (t) => {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const api = spawnApi(t, ns.env);
  const address = String((await api.waitForLine(listening)).msg).replace('Server listening at ', '');

  // The API listens before its Redis connection is up: on a busy machine the first probes may say 503.
  t.equal(await readyWithin(address, 10_000), 200, 'ready once Redis is connected');
  api.child.kill('SIGTERM');
  t.equal(await api.exited, 0);
  t.ok(api.lines.some((line) => line.msg === 'shutting down' && line.signal === 'SIGTERM'));
});

t.test('startup warns when Redis may evict keys', async (t) => {
  const redis = await startLocalRedis(['--maxmemory-policy', 'allkeys-lru']);
  t.teardown(() => redis.stop());
  const api = spawnApi(t, { REDIS_URL: redis.url });
  const warning = await api.waitForLine((line) => /maxmemory-policy/.test(String(line.msg)));
  t.equal(warning.level, 40, 'logged at warn level');
  t.match(warning.msg, /maxmemory-policy is "allkeys-lru"; BullMQ requires "noeviction"/);
  api.child.kill('SIGTERM');
  t.equal(await api.exited, 0);
});
