/**
 * Drill-only worker process: the real worker (composeWorker, closed on SIGTERM the
 * way apps/worker/src/main.ts closes it) sending through a CollectorProvider.
 * Usage: node --import tsx drills/support/worker-entry.ts <collector url>
 */
import { loadWorkerConfig } from '@otp/config';
import { createLogger } from '@otp/observability';
import { composeWorker } from '@otp/worker';
import closeWithGrace from 'close-with-grace';
import { CollectorProvider } from './collector-provider.js';

const url = process.argv[2];
if (!url) throw new Error('usage: worker-entry.ts <collector url>');
const { config } = loadWorkerConfig();
const logger = createLogger({ level: config.logLevel, name: 'drill-worker' });
const sms = composeWorker(config, logger, { provider: new CollectorProvider(url) });
closeWithGrace({ delay: 30_000, logger }, async () => {
  await sms.close();
});
await sms.worker.waitUntilReady();
console.log('drill worker ready');
