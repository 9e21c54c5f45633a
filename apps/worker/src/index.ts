export { buildWorker, type StalledJobSettings, type WorkerDeps } from './worker.js';
export { composeWorker, type ComposeWorkerOptions, type SmsWorker } from './compose.js';
export { createSendOtpProcessor, type SendOtpJobDeps, type SendOtpJobResult } from './send-otp-job.js';
export { createProvider, createRouter, providersInUse, TWILIO_STATUS_PATH } from './providers.js';
export { startHealthServer, type HealthServer, type HealthServerOptions } from './health-server.js';
export { runWorker, type RunningWorker } from './run.js';
