import { SECTIONS, type Env } from './schema/index.js';

type Part<N extends keyof typeof SECTIONS> = ReturnType<(typeof SECTIONS)[N]['toConfig']>;

/** What both processes read: the process, Redis, logging, metrics access, the code, the channels and the apps. */
interface SharedConfig extends Part<'core'> {
  otp: Part<'otp'> & { secret: string };
  channels: Part<'channels'>;
  apps: Part<'apps'>;
}

/** The API's validated configuration. Read once at startup. */
export interface ApiConfig extends SharedConfig {
  server: Part<'server'>;
  guard: Part<'guard'>;
  pumping: Part<'pumping'>;
  delivery: Part<'delivery'>;
}

/** The worker's validated configuration. Read once at startup. */
export interface WorkerConfig extends SharedConfig {
  sms: Part<'sms'>;
  events: Part<'events'>;
  worker: Part<'worker'>;
}

function sharedConfig(env: Env, secret: string): SharedConfig {
  return {
    ...SECTIONS.core.toConfig(env),
    otp: { ...SECTIONS.otp.toConfig(env), secret },
    channels: SECTIONS.channels.toConfig(env),
    apps: SECTIONS.apps.toConfig(env),
  };
}

export function toApiConfig(env: Env, secret: string): ApiConfig {
  return {
    ...sharedConfig(env, secret),
    server: SECTIONS.server.toConfig(env),
    guard: SECTIONS.guard.toConfig(env),
    pumping: SECTIONS.pumping.toConfig(env),
    delivery: SECTIONS.delivery.toConfig(env),
  };
}

export function toWorkerConfig(env: Env, secret: string): WorkerConfig {
  return { ...sharedConfig(env, secret), sms: SECTIONS.sms.toConfig(env), events: SECTIONS.events.toConfig(env), worker: SECTIONS.worker.toConfig(env) };
}
