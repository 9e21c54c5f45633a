import type { WorkerConfig } from '@otp/config';
import type { Logger } from '@otp/observability';
import { warnIfRedisMayEvict } from '@otp/redis';
import closeWithGrace from 'close-with-grace';
import { composeWorker, type ComposeWorkerOptions, type SmsWorker } from './compose.js';
import { startHealthServer, type HealthServer } from './health-server.js';

/** Margin past the worker's own shutdown timeout before close-with-grace gives up and exits. */
const EXIT_MARGIN_MS = 5000;

export interface RunningWorker {
  sms: SmsWorker;
  health: HealthServer;
}

/**
 * The worker process: compose, serve health and metrics, and on SIGTERM/SIGINT stop
 * taking jobs, finish in-flight sends (bounded by WORKER_SHUTDOWN_TIMEOUT_MS), then exit.
 */
export async function runWorker(config: WorkerConfig, logger: Logger, options: ComposeWorkerOptions = {}): Promise<RunningWorker> {
  const sms = composeWorker(config, logger, options);
  const redisPing = () => sms.redis.ping();
  const health = await startHealthServer({
    ...config.worker.health,
    redisPing,
    checks: {
      redis: redisPing,
      worker: async () => {
        if (!sms.worker.isRunning()) throw new Error('worker is not running');
      },
    },
    metrics: sms.metrics,
    metricsToken: config.metricsToken,
  });
  logger.info(
    {
      provider: sms.provider.name,
      routes: config.sms.routes,
      fallback: config.sms.fallbackProvider,
      concurrency: config.worker.concurrency,
      healthPort: health.port,
    },
    'worker started',
  );
  closeWithGrace({ delay: config.worker.shutdownTimeoutMs + EXIT_MARGIN_MS, logger }, async ({ err, signal }) => {
    if (err) logger.error({ err }, 'shutting down after an uncaught error');
    else logger.info({ signal }, 'shutting down: finishing in-flight sends');
    await sms.close();
    await health.close();
    logger.info('worker stopped');
  });
  void warnIfRedisMayEvict(sms.redis, (message) => logger.warn(message));
  return { sms, health };
}
