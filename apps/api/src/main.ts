import { ConfigError, loadApiConfig } from '@otp/config';
import { createLogger, prettyLogsWanted } from '@otp/observability';
import { warnIfRedisMayEvict } from '@otp/redis';
import closeWithGrace from 'close-with-grace';
import { composeApi } from './compose.js';

async function main(): Promise<void> {
  const { config, warnings } = loadApiConfig();
  const logger = createLogger({ level: config.logLevel, name: 'otp-api', pretty: prettyLogsWanted(config.env) });
  for (const warning of warnings) logger.warn(warning);

  const api = await composeApi(config, logger);
  closeWithGrace({ delay: config.server.shutdownTimeoutMs, logger }, async ({ err, signal }) => {
    if (err) logger.error({ err }, 'shutting down after an uncaught error');
    else logger.info({ signal }, 'shutting down');
    await api.close();
  });
  await api.app.listen({ host: config.server.host, port: config.server.port });
  void warnIfRedisMayEvict(api.redis, (message) => logger.warn(message));
}

main().catch((error: unknown) => {
  // Bad config, or a failure before the logger exists: one clear message, then exit.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
