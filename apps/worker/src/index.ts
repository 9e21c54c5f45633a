export { buildWorker, type StalledJobSettings, type WorkerDeps } from './worker.js';
export { composeWorker, type ComposeWorkerOptions, type SmsWorker } from './compose.js';
export { createProvider, createRouter, providersInUse } from './providers.js';
export { startHealthServer, type HealthServer, type HealthServerOptions } from './health-server.js';
export { runWorker, type RunningWorker } from './run.js';
