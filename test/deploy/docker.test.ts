import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { EnvSchema, loadApiConfig, loadWorkerConfig } from '@otp/config';
import t from 'tap';
import { parse } from 'yaml';

/**
 * No Docker engine runs in CI, so docker-compose.yml and the Dockerfile are checked
 * statically against what the code expects: service names, variable names, ports,
 * healthchecks, Redis persistence and eviction, a multi-stage non-root image.
 */
const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface Service {
  build?: unknown;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
  volumes?: string[];
  container_name?: string;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;
const defaults = {
  api: loadApiConfig({ NODE_ENV: 'test', OTP_SECRET: 'x'.repeat(32) }, { dotenv: false }).config,
  worker: loadWorkerConfig({ NODE_ENV: 'test', OTP_SECRET: 'x'.repeat(32) }, { dotenv: false }).config,
};
const seconds = (duration: string | undefined): number => Number(/^(\d+)s$/.exec(duration ?? '')?.[1] ?? NaN);

t.test('compose has exactly the redis, api and worker services', async (t) => {
  t.same(Object.keys(services).sort(), ['api', 'redis', 'worker']);
});

t.test('redis: AOF on, noeviction, persistent volume, healthcheck', async (t) => {
  const command = (services.redis?.command ?? []).join(' ');
  t.match(command, /--appendonly yes/);
  t.match(command, /--maxmemory-policy noeviction/);
  t.match(services.redis?.volumes, [/^redis-data:\/data$/]);
  t.ok('redis-data' in compose.volumes, 'a named volume holds the AOF');
  t.match(services.redis?.healthcheck?.test, ['CMD', 'redis-cli', 'ping']);
});

for (const name of ['api', 'worker']) {
  t.test(`${name}: one shared image, config variables the schema knows, Redis by service name`, async (t) => {
    const service = services[name] as Service;
    t.equal(service.build, '.', 'built from the shared Dockerfile');
    t.equal(service.image, 'otp-relay:local');
    const unknown = Object.keys(service.environment ?? {}).filter((variable) => !(variable in EnvSchema.properties));
    t.same(unknown, [], 'every variable set is one @otp/config reads');
    t.equal(service.environment?.NODE_ENV, 'production');
    t.equal(service.environment?.REDIS_URL, 'redis://redis:6379', 'Redis is reached by its service name');
    t.match(service.environment?.OTP_SECRET, /^\$\{OTP_SECRET:\?/, 'OTP_SECRET must be supplied; compose refuses to start without it');
    t.same(service.depends_on, { redis: { condition: 'service_healthy' } });
    t.equal(service.container_name, undefined, 'no fixed container name, so the service can scale');
  });
}

t.test('api and worker listen on every interface of their container, set explicitly (the default is 127.0.0.1)', async (t) => {
  t.equal(defaults.api.server.host, '127.0.0.1');
  t.equal(defaults.worker.worker.health.host, '127.0.0.1');
  t.equal(services.api?.environment?.HOST, '0.0.0.0', 'compose sets HOST');
  t.equal(services.worker?.environment?.WORKER_HEALTH_HOST, '0.0.0.0', 'compose sets WORKER_HEALTH_HOST');
  const runtime = read('Dockerfile').split(/^FROM .* AS runtime$/m)[1] ?? '';
  const env = Object.fromEntries([...runtime.matchAll(/\b(HOST|WORKER_HEALTH_HOST)=(\S+)/g)].map((match) => [match[1], match[2]]));
  t.same(env, { HOST: '0.0.0.0', WORKER_HEALTH_HOST: '0.0.0.0' }, 'the image sets both, so `docker run` works without compose');
});

t.test('api: port and healthcheck match PORT', async (t) => {
  const api = services.api as Service;
  const port = Number(api.environment?.PORT ?? defaults.api.server.port);
  t.match(api.ports, [new RegExp(`:${port}$`)], 'the published container port is PORT');
  t.match(api.healthcheck?.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${port}/health/ready`));
  t.ok(seconds(api.stop_grace_period) * 1000 > defaults.api.server.shutdownTimeoutMs, 'Docker waits longer than the API drains');
});

t.test('worker: runs the worker, health on WORKER_HEALTH_PORT, no host port so it scales', async (t) => {
  const worker = services.worker as Service;
  t.same(worker.command, ['node', 'apps/worker/dist/main.js']);
  const port = Number(worker.environment?.WORKER_HEALTH_PORT ?? defaults.worker.worker.health.port);
  t.same(worker.expose, [String(port)]);
  t.equal(worker.ports, undefined, '`docker compose up --scale worker=3` needs no host port');
  t.match(worker.healthcheck?.test.join(' '), new RegExp(`127\\.0\\.0\\.1:${port}/health/ready`));
  t.ok(seconds(worker.stop_grace_period) * 1000 > defaults.worker.worker.shutdownTimeoutMs, 'Docker waits longer than in-flight sends may take');
});

t.test('Dockerfile: multi-stage, production deps only, non-root, healthcheck', async (t) => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\w+)/gim)].map((match) => match[1]);
  t.same(stages, ['build', 'runtime']);
  const [build, runtime] = dockerfile.split(/^FROM .* AS runtime$/m) as [string, string];
  t.match(build, /npm ci\b/);
  t.match(build, /npm run build/);
  t.match(build, /npm prune --omit=dev/);
  // Every package whose Lua scripts are loaded at run time must find them in the image.
  const luaPackages = readdirSync(new URL('../../packages/', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(new URL(`../../packages/${entry.name}/lua`, import.meta.url)))
    .map((entry) => entry.name);
  t.same(luaPackages.sort(), ['delivery', 'guard', 'otp'], 'the packages with Lua scripts');
  t.match(build, /for lua in packages\/\*\/lua; do cp -a "\$lua" "\/out\/\$lua"; done/, 'every package’s Lua scripts ship in the image');
  t.match(runtime, /COPY --from=build /);
  t.notMatch(runtime, /npm (ci|install)\b/, 'nothing is installed in the runtime stage');
  const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
  t.ok(user && !['root', '0'].includes(user), `runs as a non-root user (${user})`);
  t.match(runtime, /^HEALTHCHECK .*\n?.*\/health\/live/m);
  t.match(runtime, /^CMD \["node", "apps\/api\/dist\/main\.js"\]$/m);
});

t.test('.dockerignore keeps secrets and local builds out of the image', async (t) => {
  const ignored = read('.dockerignore').split('\n');
  for (const entry of ['node_modules', '.env', '.otp-secret', '**/dist']) t.ok(ignored.includes(entry), entry);
});
