import { Type } from 'typebox';
import { defineSection } from './section.js';

/** The worker process: concurrency, crash recovery, lifecycle, and its health and metrics server. */
export const worker = defineSection({
  readBy: ['worker'],
  env: {
    WORKER_CONCURRENCY: Type.Integer({
      default: 10,
      minimum: 1,
      maximum: 1000,
      description: 'Jobs one worker process sends at once.',
    }),
    WORKER_HEALTH_HOST: Type.String({
      default: '127.0.0.1',
      minLength: 1,
      description: "Address of the worker's health and metrics server. The default serves this machine only; containers set 0.0.0.0 (the Docker image does).",
    }),
    WORKER_HEALTH_PORT: Type.Integer({
      default: 8001,
      minimum: 0,
      maximum: 65535,
      description: "Port of the worker's /health/live, /health/ready and /metrics. 0 picks a free port.",
    }),
    WORKER_LOCK_DURATION_MS: Type.Integer({
      default: 30_000,
      minimum: 1000,
      maximum: 600_000,
      description: 'How long a worker holds a job before it must renew the lock; a crashed worker loses its jobs after this.',
    }),
    WORKER_STALLED_INTERVAL_MS: Type.Integer({
      default: 30_000,
      minimum: 1000,
      maximum: 600_000,
      description: 'How often each worker looks for jobs whose lock expired (a crashed worker) and hands them to a live one.',
    }),
    WORKER_MAX_STALLED_COUNT: Type.Integer({
      default: 1,
      minimum: 0,
      maximum: 10,
      description: 'How many times one job may be recovered from a crashed worker before it is failed.',
    }),
    WORKER_SHUTDOWN_TIMEOUT_MS: Type.Integer({
      default: 25_000,
      minimum: 1000,
      maximum: 600_000,
      description: 'On SIGTERM the worker finishes in-flight sends for at most this long, then exits; keep it below the orchestrator’s kill grace period.',
    }),
  },
  toConfig: (e) => ({
    concurrency: e.WORKER_CONCURRENCY,
    health: { host: e.WORKER_HEALTH_HOST, port: e.WORKER_HEALTH_PORT },
    stalled: {
      lockDurationMs: e.WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: e.WORKER_STALLED_INTERVAL_MS,
      maxStalledCount: e.WORKER_MAX_STALLED_COUNT,
    },
    shutdownTimeoutMs: e.WORKER_SHUTDOWN_TIMEOUT_MS,
  }),
});
