const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

const CONNECTION_ERROR_MESSAGES = [
  "Stream isn't writeable", // ioredis with enableOfflineQueue: false while disconnected
  'Connection is closed',
  'Command timed out',
  'Reached the max retries per request limit',
  // ioredis Cluster, when the node owning a slot is down: the others keep sending it there until a failover.
  'Too many Cluster redirections',
];

/** True when an error means "Redis cannot be reached right now", as opposed to a bug. */
export function isRedisUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code && CONNECTION_ERROR_CODES.has(code)) return true;
  return CONNECTION_ERROR_MESSAGES.some((fragment) => error.message.includes(fragment));
}
