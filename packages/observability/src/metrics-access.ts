import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented credential with the expected one in constant time. Both are
 * hashed first so neither the content nor the length leaks through timing.
 */
export function constantTimeEqual(presented: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Whether a scrape of /metrics may proceed: always when no METRICS_TOKEN is set,
 * otherwise only with `Authorization: Bearer <token>`. Shared by the API and the worker.
 */
export function metricsScrapeAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  return presented !== undefined && constantTimeEqual(presented, token);
}
