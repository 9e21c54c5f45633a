import type { Metrics } from './metrics.js';
import { checkReadiness, type ReadinessCheck } from './readiness.js';

/**
 * Sets otp_redis_up from one PING, bounded as the readiness probe is, at scrape time:
 * the Redis alert then sees an outage even while no request reaches the process.
 */
export async function recordRedisUp(metrics: Metrics, ping: ReadinessCheck): Promise<void> {
  const report = await checkReadiness({ redis: ping });
  metrics.redisUp.set(report.ready ? 1 : 0);
}
