#!/usr/bin/env node
// Makes sure a Redis answers before the service or the tests start:
//   1. REDIS_URL (from the environment or .env; default redis://127.0.0.1:6379) answers PING: done.
//   2. Otherwise start a local redis-server on that port, installing Debian's
//      redis-server package first when it is missing and we are root.
//   3. Otherwise stop with one sentence on how to get Redis.
// With NODE_ENV=production it never starts one: an empty Redis without persistence
// would hide the outage and lose every code and queued SMS when it stops.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { parseEnv } from 'node:util';

const dotenv = existsSync('.env') ? parseEnv(readFileSync('.env', 'utf8')) : {};
// As @otp/config reads them: the environment first, then .env; an empty variable counts as unset.
const setting = (name) => process.env[name] || dotenv[name] || undefined;
const url = new URL(setting('REDIS_URL') ?? 'redis://127.0.0.1:6379');
const production = setting('NODE_ENV') === 'production';
const host = url.hostname || '127.0.0.1';
const port = Number(url.port || 6379);
const isLocal = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host);

function ping() {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    // A password-protected Redis answers NOAUTH: it is still up, and the app authenticates from REDIS_URL.
    socket.on('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
    socket.write('PING\r\n');
  });
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function fail() {
  console.error(
    production
      ? `Redis is not reachable at ${url.host}, and with NODE_ENV=production no disk-less Redis is started in its place ` +
          '(an empty one would hide the outage and lose data): start your Redis, or set REDIS_URL to one that answers.'
      : `Redis is not reachable at ${url.host} and could not be started here. ` +
          'Start one with `docker compose up -d redis` (or install redis-server), or set REDIS_URL to a Redis that answers.',
  );
  process.exit(1);
}

if (await ping()) process.exit(0);
if (production || !isLocal) fail();

if (!has('redis-server') && process.getuid?.() === 0 && has('apt-get')) {
  console.log('redis-server is missing; installing Debian package redis-server…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
}
if (!has('redis-server')) fail();

console.log(`Starting a local redis-server on port ${port}…`);
// Disk-less on purpose: a development/test Redis; production runs the compose service with AOF.
execFileSync('redis-server', ['--daemonize', 'yes', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'inherit' });
for (let i = 0; i < 50; i++) {
  if (await ping()) process.exit(0);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
fail();
