import { SECTIONS, type Env } from './schema/index.js';

type CoreConfig = ReturnType<typeof SECTIONS.core.toConfig>;

/** The validated, typed configuration every process receives. Read once at startup. */
export interface Config extends CoreConfig {
  otp: ReturnType<typeof SECTIONS.otp.toConfig> & { secret: string };
  sms: ReturnType<typeof SECTIONS.sms.toConfig>;
  guard: ReturnType<typeof SECTIONS.guard.toConfig>;
  ops: ReturnType<typeof SECTIONS.ops.toConfig>;
}

export function toConfig(env: Env, secret: string): Config {
  return {
    ...SECTIONS.core.toConfig(env),
    otp: { ...SECTIONS.otp.toConfig(env), secret },
    sms: SECTIONS.sms.toConfig(env),
    guard: SECTIONS.guard.toConfig(env),
    ops: SECTIONS.ops.toConfig(env),
  };
}
