import { ConfigError, loadConfig } from '@otp/config';
import { createLogger } from '@otp/observability';
import closeWithGrace from 'close-with-grace';
import { composeWorker } from './compose.js';

async function main(): Promise<void> {
  const { config, warnings } = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'otp-worker' });
  for (const warning of warnings) logger.warn(warning);

  const sms = composeWorker(config, logger);
  logger.info(
    { provider: sms.provider.name, routes: config.sms.routes, fallback: config.sms.fallbackProvider, concurrency: config.sms.workerConcurrency },
    'worker started',
  );
  closeWithGrace({ delay: 30_000, logger }, async ({ err, signal }) => {
    if (err) logger.error({ err }, 'shutting down after an uncaught error');
    else logger.info({ signal }, 'shutting down: finishing in-flight sends');
    await sms.close();
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
