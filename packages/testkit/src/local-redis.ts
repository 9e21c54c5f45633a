import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A redis-server of a test's own, on a spare loopback port, for what the shared Redis must never be used for. */
export interface LocalRedis {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** A local Redis Cluster of a test's own: several masters on spare loopback ports, no replicas. */
export interface LocalRedisCluster {
  nodes: Array<{ host: string; port: number }>;
  /** Environment that points the service at the cluster. */
  env: { REDIS_URL: string; REDIS_CLUSTER_NODES: string };
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Redis Cluster's bus listens on the data port + 10000, so both must be free. */
const CLUSTER_BUS_OFFSET = 10_000;

/** Starts a throwaway redis-server with extra `args` (e.g. `--maxmemory-policy allkeys-lru`). */
export async function startLocalRedis(args: string[] = []): Promise<LocalRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'otp-redis-'));
  const port = await sparePort(false);
  const server = await startServer(port, dir, args);
  return {
    port,
    url: `redis://${HOST}:${port}`,
    async stop() {
      await stopServer(server);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `masters` cluster-enabled redis-servers and joins them with `redis-cli --cluster create`. */
export async function startLocalRedisCluster(masters = 3): Promise<LocalRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'otp-cluster-'));
  const servers: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map(stopServer));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ports: number[] = [];
    for (let i = 0; i < masters; i++) {
      const port = await sparePort(true, ports);
      ports.push(port);
      servers.push(
        await startServer(port, dir, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000']),
      );
    }
    const addresses = ports.map((port) => `${HOST}:${port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    await Promise.all(ports.map((port) => waitFor(() => clusterStateOk(port), `cluster state ok on ${port}`)));
    return {
      nodes: ports.map((port) => ({ host: HOST, port })),
      env: { REDIS_URL: `redis://${addresses[0]}`, REDIS_CLUSTER_NODES: addresses.join(',') },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startServer(port: number, dir: string, args: string[]): Promise<ChildProcess> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', ...args],
    { stdio: 'ignore' },
  );
  const exited = new Promise<never>((_, reject) => server.once('exit', (code) => reject(new Error(`redis-server on ${port} exited (${code})`))));
  await Promise.race([waitFor(() => answersPing(port), `redis-server on ${port}`), exited]);
  exited.catch(() => undefined);
  return server;
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}

async function answersPing(port: number): Promise<boolean> {
  try {
    return (await run('redis-cli', ['-h', HOST, '-p', String(port), 'PING'])).stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

async function clusterStateOk(port: number): Promise<boolean> {
  const { stdout } = await run('redis-cli', ['-h', HOST, '-p', String(port), 'CLUSTER', 'INFO']);
  return stdout.includes('cluster_state:ok');
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A free loopback port in 20000–29999 (and its cluster bus port, when asked), avoiding `taken`. */
async function sparePort(withBus: boolean, taken: number[] = []): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (taken.includes(port)) continue;
    if ((await isFree(port)) && (!withBus || (await isFree(port + CLUSTER_BUS_OFFSET)))) return port;
  }
  throw new Error('no spare loopback port found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, HOST, () => probe.close(() => resolve(true)));
  });
}

/** A free loopback port for a server a test spawns (e.g. Prometheus), which cannot take port 0. */
export function spareLoopbackPort(): Promise<number> {
  return sparePort(false);
}

/** A loopback address where nothing listens: for outage tests that must never touch the shared Redis. */
export async function deadRedisUrl(): Promise<string> {
  return `redis://${HOST}:${await sparePort(false)}`;
}
