import { defineSection } from './section.js';

/** Abuse protection: callers, rate limits, fraud and cost guards. */
export const guard = defineSection({
  env: {},
  toConfig: () => ({}),
});
