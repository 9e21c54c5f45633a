import type { CounterSpec, SendContext, SendRule } from './send-rule.js';

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
    const limit = this.#perApp[send.app] ?? this.#perMinute;
    return { window: 'minute', windowMs: 60_000, field: send.app, limit, trustedReserve: 0, cost: 1, scale: 1 };
  }
}
