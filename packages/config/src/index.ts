export { loadApiConfig, loadWorkerConfig, type LoadedConfig, type LoadOptions } from './load.js';
export { ConfigError, type ConfigProblem } from './config-error.js';
export type { ApiConfig, WorkerConfig } from './config.js';
export { EnvSchema, SECTIONS, envSchemaFor, sectionsReadBy, type Env, type SectionName } from './schema/index.js';
export { defineSection, type ProcessName, type Section, type SectionEnv } from './schema/section.js';
export { DEFAULT_APP, type AppSettings } from './schema/apps.js';
export type { ChannelProviderName, SmsProviderName, SmsRoute } from './schema/sms.js';
