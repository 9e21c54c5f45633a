import { ServiceError, isServiceError, type ErrorCode } from '@otp/errors';
import type { Metrics } from '@otp/observability';
import type { CaptchaVerifier } from './captcha-verifier.js';
import type { CountryAllowList } from './country-allow-list.js';
import type { CounterStore } from './counter-store.js';
import type { SendRule } from './send-rule.js';

export interface SendRequest {
  /** E.164 destination, already parsed and known to be SMS-capable. */
  phone: string;
  country: string;
  app?: string | undefined;
  captchaToken?: string | undefined;
  clientIp?: string | undefined;
  /** The send's request id, chosen before the guard runs; the same id the code and its job carry. */
  requestId?: string | undefined;
}

/** A send the guard let through. Its counted sends are given back if the send does not happen after all. */
export interface Admission {
  release(): Promise<void>;
}

export interface SendGuardDeps {
  store: CounterStore;
  /** Checked in this order; the first that refuses names the error. */
  rules: readonly SendRule[];
  countries: CountryAllowList;
  /** Null when CAPTCHA_PROVIDER=none. */
  captcha: CaptchaVerifier | null;
  metrics: Metrics;
  /** Default Date.now. */
  now?: () => number;
}

/** Refusals made by the OTP store's per-phone limits, by their metric rule name. */
const PHONE_RULES: Partial<Record<ErrorCode, string>> = {
  OTP_RESEND_COOLDOWN: 'cooldown',
  PHONE_SEND_LIMIT: 'phone',
  PHONE_LOCKED: 'lockout',
};

/**
 * Decides whether a send may cost an SMS, before anything is stored or queued:
 * destination country, CAPTCHA, then the global counters (app, country, number
 * range, daily budget) in one Redis round trip.
 *
 * Counters are reserved, not checked-then-incremented: each counts the send
 * only if it is below its limit. When one refuses, the others give their count
 * back, so a refused send costs no budget and cannot starve real users.
 */
export class SendGuard {
  readonly #deps: SendGuardDeps;
  readonly #now: () => number;

  constructor(deps: SendGuardDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Throws the refusing rule's ServiceError, with Retry-After and RateLimit-* info for counters. */
  async admit(request: SendRequest): Promise<Admission> {
    const { store, rules, metrics } = this.#deps;
    this.#check('country_not_allowed', () => this.#deps.countries.check(request.country));
    if (this.#deps.captcha) await this.#checkAsync('captcha', this.#deps.captcha.verify(request.captchaToken, request.clientIp));

    const send = { phone: request.phone, country: request.country, app: request.app, now: this.#now() };
    const counters = rules.map((rule) => rule.counter(send));
    const outcomes = await store.reserve(counters);
    const counted = counters.filter((_, i) => outcomes[i]?.counted).map((c) => c.key);
    rules.forEach((rule, i) => rule.observe?.(outcomes[i] as (typeof outcomes)[number], send));

    const refusedAt = outcomes.findIndex((outcome) => !outcome.counted);
    const rule = rules[refusedAt];
    const refusal = outcomes[refusedAt];
    const counter = counters[refusedAt];
    if (rule && refusal && counter) {
      await store.release(counted);
      metrics.guardRejections.inc({ rule: rule.name });
      const waitSeconds = Math.ceil(refusal.ttlMs / 1000);
      throw new ServiceError(rule.code, {
        retryAfterSeconds: waitSeconds,
        rateLimit: { limit: counter.limit, remaining: 0, resetSeconds: waitSeconds },
      });
    }
    return { release: () => store.release(counted) };
  }

  /** Counts a refusal by the OTP store's per-phone limits, which run inside its issue script. */
  recordRefusal(error: unknown): void {
    const rule = isServiceError(error) ? PHONE_RULES[error.code] : undefined;
    if (rule) this.#deps.metrics.guardRejections.inc({ rule });
  }

  #check(rule: string, check: () => void): void {
    try {
      check();
    } catch (error) {
      this.#deps.metrics.guardRejections.inc({ rule });
      throw error;
    }
  }

  async #checkAsync(rule: string, check: Promise<void>): Promise<void> {
    try {
      await check;
    } catch (error) {
      if (isServiceError(error) && error.statusCode < 500) this.#deps.metrics.guardRejections.inc({ rule });
      throw error;
    }
  }
}
