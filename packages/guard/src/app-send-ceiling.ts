import type { CounterSpec } from './counter-store.js';
import type { SendContext, SendRule } from './send-rule.js';

/** Anonymous callers (no API_KEYS configured) share one ceiling under this name. */
const ANONYMOUS = '-';

/** Sends per minute per calling app, so one leaked key cannot spend the whole budget at once. */
export class AppSendCeiling implements SendRule {
  readonly name = 'app';
  readonly code = 'APP_SEND_LIMIT' as const;
  readonly #perMinute: number;
  readonly #perApp: Readonly<Record<string, number>>;

  /** @param perApp per-app overrides of `perMinute` (APP_SETTINGS sendsPerMinute). */
  constructor(perMinute: number, perApp: Readonly<Record<string, number>> = {}) {
    this.#perMinute = perMinute;
    this.#perApp = perApp;
  }

  counter(send: SendContext): CounterSpec {
    const app = send.app ?? ANONYMOUS;
    return { key: `guard:{app:${app}}:minute`, limit: this.#perApp[app] ?? this.#perMinute, windowMs: 60_000 };
  }
}
