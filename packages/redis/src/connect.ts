import { Redis, type RedisOptions } from 'ioredis';

/**
 * `request`: for code on the HTTP request path. Commands fail at once while Redis
 * is unreachable and time out after `commandTimeoutMs`, so a request answers 503
 * quickly instead of hanging.
 *
 * `blocking`: for BullMQ workers, which need `maxRetriesPerRequest: null` and an
 * offline queue so they ride out reconnects.
 */
export type RedisRole = 'request' | 'blocking';

export interface RedisSettings {
  url: string;
  role: RedisRole;
  /** Default 1000 ms. Only used by the `request` role. */
  commandTimeoutMs?: number;
  /** Name shown by `CLIENT LIST`, to tell the API and worker apart. */
  connectionName?: string;
}

const RECONNECT_CAP_MS = 2000;

export function createRedis(settings: RedisSettings): Redis {
  const common: RedisOptions = {
    connectionName: settings.connectionName,
    // Keep reconnecting forever with a capped delay: the service heals itself when Redis returns.
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_CAP_MS),
    connectTimeout: 2000,
  };
  const role: RedisOptions =
    settings.role === 'request'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: settings.commandTimeoutMs ?? 1000 }
      : { enableOfflineQueue: true, maxRetriesPerRequest: null };
  return new Redis(settings.url, { ...common, ...role });
}

/** Resolves once the client is ready, or rejects after `timeoutMs`. */
export async function waitUntilReady(redis: Redis, timeoutMs = 5000): Promise<void> {
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
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit();
    return;
  }
  if (redis.status === 'end') return;
  const ended = new Promise((resolve) => redis.once('end', resolve));
  redis.disconnect();
  await ended;
  // Let libraries waiting on this client (BullMQ) settle their rejected waits before we go on.
  await new Promise((resolve) => setImmediate(resolve));
}
