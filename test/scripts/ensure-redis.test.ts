import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadRedisUrl, TEST_REDIS_URL } from '@otp/testkit';
import t from 'tap';

const SCRIPT = new URL('../../scripts/ensure-redis.mjs', import.meta.url).pathname;

/** Runs the script in a directory of its own, so the repository's .env plays no part. */
async function ensureRedis(t: { teardown(fn: () => Promise<void>): void }, env: Record<string, string>, dotenv?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'otp-ensure-redis-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  if (dotenv !== undefined) await writeFile(join(dir, '.env'), dotenv);
  const inherited = { ...process.env };
  delete inherited.NODE_ENV;
  delete inherited.REDIS_URL;
  const run = spawnSync(process.execPath, [SCRIPT], { cwd: dir, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const answers = (url: string): boolean =>
  spawnSync('redis-cli', ['-u', url, 'PING'], { encoding: 'utf8' }).stdout.trim() === 'PONG';

t.test('NODE_ENV=production: never starts a disk-less Redis, stops with one sentence', async (t) => {
  for (const [how, env, dotenv] of [
    ['from the environment', { NODE_ENV: 'production' }, undefined],
    ['from .env', {}, 'NODE_ENV=production\n'],
  ] as const) {
    const url = await deadRedisUrl();
    const run = await ensureRedis(t, { ...env, REDIS_URL: url }, dotenv);
    t.equal(run.status, 1, `${how}: exits 1`);
    t.match(run.stderr, /^Redis is not reachable at 127\.0\.0\.1:\d+, and with NODE_ENV=production no disk-less Redis is started in its place \(an empty one would hide the outage and lose data\): start your Redis, or set REDIS_URL to one that answers\.\n$/);
    t.notMatch(run.stdout, /Starting a local redis-server/, `${how}: nothing started`);
    t.notOk(answers(url), `${how}: nothing listens on ${url}`);
  }
});

t.test('NODE_ENV=production with a Redis that answers: carries on', async (t) => {
  const run = await ensureRedis(t, { NODE_ENV: 'production', REDIS_URL: TEST_REDIS_URL });
  t.equal(run.status, 0);
  t.equal(run.stderr, '');
});

t.test('development: starts a local disk-less Redis on the port REDIS_URL names', async (t) => {
  const url = await deadRedisUrl();
  const port = new URL(url).port;
  // Stops the one server this test started, by its port.
  t.teardown(async () => {
    execFileSync('redis-cli', ['-p', port, 'shutdown', 'nosave'], { stdio: 'ignore' });
  });
  const run = await ensureRedis(t, { NODE_ENV: 'development', REDIS_URL: url });
  t.equal(run.status, 0);
  t.match(run.stdout, `Starting a local redis-server on port ${port}`);
  t.ok(answers(url), 'it answers PING');
});
