/**
 * The real worker (composeWorker, as main.ts wires it) with a TimedFakeProvider,
 * for bench rows that need the worker in its own process next to the API.
 * Usage: node --import tsx bench/support/worker-entry.ts '{"latencyMs":2000,"failureRate":0.3}'
 */
import { loadWorkerConfig } from '@otp/config';
import { createLogger } from '@otp/observability';
import { composeWorker } from '@otp/worker';
import { TimedFakeProvider, type TimedFakeSettings } from './timed-fake-provider.js';

const settings = JSON.parse(process.argv[2] ?? '{"latencyMs":0,"failureRate":0}') as TimedFakeSettings;
const { config } = loadWorkerConfig();
const logger = createLogger({ level: config.logLevel, name: 'bench-worker' });
const sms = composeWorker(config, logger, { provider: new TimedFakeProvider(settings) });
await sms.worker.waitUntilReady();
console.log('bench worker ready');

process.once('SIGTERM', () => {
  void sms.close().then(() => process.exit(0));
});
