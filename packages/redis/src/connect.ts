import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/**
 * `request`: for code on the HTTP request path. Commands fail at once while Redis
 * is unreachable and time out after `commandTimeoutMs`, so a request answers 503
 * quickly instead of hanging.
 *
 * `blocking`: for BullMQ workers, which need `maxRetriesPerRequest: null` and an
 * offline queue so they ride out reconnects.
 */
export type RedisRole = 'request' | 'blocking';

/** A single Redis or a Redis Cluster: everything in this service works on either. */
export type RedisClient = Redis | Cluster;

export interface RedisNode {
  host: string;
  port: number;
}

export interface RedisSettings {
  /** Host, credentials, TLS (rediss://) and database. With `clusterNodes` only credentials and TLS are used. */
  url: string;
  role: RedisRole;
  /** Seed nodes of a Redis Cluster; when given, a Cluster client is returned. */
  clusterNodes?: RedisNode[];
  /** Default 1000 ms. Only used by the `request` role. */
  commandTimeoutMs?: number;
  /** Name shown by `CLIENT LIST`, to tell the API and worker apart. */
  connectionName?: string;
}

const RECONNECT_CAP_MS = 2000;

/** Keep reconnecting forever with a capped delay: the service heals itself when Redis returns. */
const reconnectDelay = (attempt: number): number => Math.min(attempt * 100, RECONNECT_CAP_MS);

export function createRedis(settings: RedisSettings & { clusterNodes?: undefined }): Redis;
export function createRedis(settings: RedisSettings): RedisClient;
export function createRedis(settings: RedisSettings): RedisClient {
  const role: RedisOptions =
    settings.role === 'request'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: settings.commandTimeoutMs ?? 1000 }
      : { enableOfflineQueue: true, maxRetriesPerRequest: null };
  const options: RedisOptions = { connectionName: settings.connectionName, connectTimeout: 2000, ...role };
  if (settings.clusterNodes) return createCluster(settings.url, settings.clusterNodes, options);
  return new Redis(settings.url, { ...options, retryStrategy: reconnectDelay });
}

function createCluster(url: string, nodes: RedisNode[], options: RedisOptions): Cluster {
  const parsed = new URL(url);
  const clusterOptions: ClusterOptions = {
    clusterRetryStrategy: reconnectDelay,
    enableOfflineQueue: options.enableOfflineQueue,
    // Every key this service writes carries a hash tag, so MOVED replies only follow a resharding.
    maxRedirections: 16,
    redisOptions: {
      ...options,
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      tls: parsed.protocol === 'rediss:' ? {} : undefined,
    },
  };
  return new Cluster(nodes, clusterOptions);
}

/** Resolves once the client is ready, or rejects after `timeoutMs`. */
export async function waitUntilReady(redis: RedisClient, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis was not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/**
 * Closes a client whatever its state: QUIT when connected, so queued replies
 * arrive first; a plain disconnect otherwise, which also stops reconnect attempts
 * (QUIT on a disconnected request-role client would be rejected at once).
 */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit();
    return;
  }
  if (redis.status === 'end') return;
  // A client between reconnect attempts has no socket to close and never emits 'end': bound the wait.
  const ended = new Promise((resolve) => redis.once('end', resolve));
  redis.disconnect();
  await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 250))]);
  // Let libraries waiting on this client (BullMQ) settle their rejected waits before we go on.
  await new Promise((resolve) => setImmediate(resolve));
}
