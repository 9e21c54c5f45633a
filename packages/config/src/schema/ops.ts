import { defineSection } from './section.js';

/** Operations: dashboard, metrics, health, lifecycle and scale-out settings. */
export const ops = defineSection({
  env: {},
  toConfig: () => ({}),
});
