export { loadConfig, type LoadedConfig, type LoadOptions } from './load.js';
export { ConfigError, type ConfigProblem } from './config-error.js';
export type { Config } from './config.js';
export { EnvSchema, SECTIONS, type Env } from './schema/index.js';
export { defineSection, type Section, type SectionEnv } from './schema/section.js';
export type { SmsProviderName, SmsRoute } from './schema/sms.js';
