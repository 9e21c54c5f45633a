import type { JobsOptions } from 'bullmq';

/**
 * Defaults for every send job.
 * - Completed jobs: kept 1 hour, at most 1 000, for the dashboard.
 * - Failed jobs: kept 24 hours, at most 10 000, for investigation.
 * Neither holds a readable code (see PayloadSealer), but bounded retention keeps Redis small.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 86_400, count: 10_000 },
};
