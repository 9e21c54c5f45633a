import type { Static, TObject, TProperties } from 'typebox';
import type { ConfigProblem } from '../config-error.js';

/** The service's processes; each loads only the sections it reads. */
export type ProcessName = 'api' | 'worker';

/** The parsed variables of one section's schema. */
export type SectionEnv<P extends TProperties> = Static<TObject<P>>;

/**
 * One area of configuration: its variables, how they become typed config, and
 * the rules between variables that a per-variable schema cannot express.
 * Each area lives in its own file so it can grow without touching the others.
 * A variable two processes read in different areas (e.g. TWILIO_AUTH_TOKEN) is
 * one schema object listed in both.
 */
export interface Section<P extends TProperties, C> {
  /** The processes that load this section: a variable outside them can never stop a process from starting. */
  readBy: readonly ProcessName[];
  env: P;
  /** Gets NODE_ENV too, for defaults that differ in production. */
  toConfig(env: SectionEnv<P> & { NODE_ENV: string }): C;
  /** Cross-variable rules, e.g. "TWILIO_AUTH_TOKEN is required when SMS_PROVIDER=twilio". */
  problems?(env: SectionEnv<P> & { NODE_ENV: string }): ConfigProblem[];
  /** Settings that work but deserve a look, e.g. a template that needs two SMS. Logged at startup. */
  warnings?(env: SectionEnv<P>): string[];
}

export function defineSection<P extends TProperties, C>(section: Section<P, C>): Section<P, C> {
  return section;
}
