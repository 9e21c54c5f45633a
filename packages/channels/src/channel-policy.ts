import type { Channel } from './channel.js';
import { ChannelPlan } from './channel-plan.js';

/** What an app may set for itself in APP_SETTINGS; unset, it inherits the deployment's. */
export interface AppChannelSettings {
  /** A subset of the deployment's channels (config refuses any other). */
  channels?: readonly Channel[] | undefined;
  channelFallback?: readonly Channel[] | undefined;
}

export interface ChannelPolicyOptions {
  /** OTP_CHANNELS. */
  enabled: readonly Channel[];
  /** OTP_CHANNEL_FALLBACK; empty: no fallback between channels. */
  fallback: readonly Channel[];
  /** APP_SETTINGS, by app name. */
  apps?: Readonly<Record<string, AppChannelSettings>>;
}

/**
 * The deployment's channels and each app's own. The API asks it whether a
 * requested channel is served (and refuses before storing anything); the worker
 * asks it where to fall back.
 */
export class ChannelPolicy {
  readonly #global: ChannelPlan;
  readonly #apps = new Map<string, ChannelPlan>();

  constructor(options: ChannelPolicyOptions) {
    this.#global = new ChannelPlan(options.enabled, options.fallback);
    for (const [app, settings] of Object.entries(options.apps ?? {})) {
      if (!settings.channels && !settings.channelFallback) continue;
      this.#apps.set(app, new ChannelPlan(settings.channels ?? options.enabled, settings.channelFallback ?? options.fallback));
    }
  }

  /** The plan of `app`; the deployment's for apps without settings of their own and for anonymous callers. */
  forApp(app: string | undefined): ChannelPlan {
    return (app !== undefined && this.#apps.get(app)) || this.#global;
  }
}
