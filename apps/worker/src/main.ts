import { ConfigError, loadWorkerConfig } from '@otp/config';
import { createLogger, prettyLogsWanted } from '@otp/observability';
import { runWorker } from './run.js';

async function main(): Promise<void> {
  const { config, warnings } = loadWorkerConfig();
  const logger = createLogger({ level: config.logLevel, name: 'otp-worker', pretty: prettyLogsWanted(config.env) });
  for (const warning of warnings) logger.warn(warning);
  await runWorker(config, logger);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
