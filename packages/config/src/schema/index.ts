import { Type, type Static, type TProperties } from 'typebox';
import { apps } from './apps.js';
import { channels } from './channels.js';
import { core } from './core.js';
import { delivery } from './delivery.js';
import { events } from './events.js';
import { guard } from './guard.js';
import { otp } from './otp.js';
import { pumping } from './pumping.js';
import type { ProcessName } from './section.js';
import { server } from './server.js';
import { sms } from './sms.js';
import { worker } from './worker.js';

/** Every section, in the order the README's config table lists them. */
export const SECTIONS = { core, otp, channels, apps, server, guard, pumping, delivery, sms, events, worker };

export type SectionName = keyof typeof SECTIONS;

/**
 * Every environment variable the service reads, keyed by its real name so a
 * validation error can name the variable to fix.
 */
export const EnvSchema = Type.Object({
  ...core.env,
  ...otp.env,
  ...channels.env,
  ...apps.env,
  ...server.env,
  ...guard.env,
  ...pumping.env,
  ...delivery.env,
  ...sms.env,
  ...events.env,
  ...worker.env,
});

export type Env = Static<typeof EnvSchema>;

/** The sections one process reads, in table order. */
export function sectionsReadBy(process: ProcessName): SectionName[] {
  return (Object.keys(SECTIONS) as SectionName[]).filter((name) => (SECTIONS[name].readBy as readonly string[]).includes(process));
}

/** The variables one process reads: the schema its startup validates, so it never fails on another process's settings. */
export function envSchemaFor(process: ProcessName) {
  const properties: TProperties = Object.assign({}, ...sectionsReadBy(process).map((name) => SECTIONS[name].env));
  return Type.Object(properties);
}
