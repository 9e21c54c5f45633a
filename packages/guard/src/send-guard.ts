import { randomUUID } from 'node:crypto';
import { ServiceError, isServiceError, type ErrorCode } from '@otp/errors';
import type { Logger, Metrics } from '@otp/observability';
import type { SmsCharge } from '@otp/queue';
import type { CaptchaVerifier } from './captcha-verifier.js';
import { conversionBuckets, type ConversionBucket } from './conversion-buckets.js';
import { previousDayWeight, reopensInMs, type ConversionRule } from './conversion-rule.js';
import type { CountryAllowList } from './country-allow-list.js';
import type { AdmissionRequest, AdmissionResult, BucketState, GuardStore, Judgement } from './guard-store.js';
import type { PhonePseudonyms } from './phone-pseudonyms.js';
import type { PrefixThrottle } from './prefix-throttle.js';
import { strangerLimit, type CounterSpec, type SendContext, type SendRule } from './send-rule.js';
import type { SmsPrices } from './sms-prices.js';
import { windowAt } from './time-window.js';

export interface SendRequest {
  /** E.164 destination, already parsed and known to be SMS-capable. */
  phone: string;
  country: string;
  /** The calling app (its API_KEYS name, `default` without keys). */
  app: string;
  /** The send's request id, chosen before the guard runs (the id its code and job carry); it names the send's context for `verified`. Random when absent. */
  requestId?: string | undefined;
  captchaToken?: string | undefined;
  clientIp?: string | undefined;
}

/** A send the guard let through. Its counts are given back if the send does not happen after all. */
export interface Admission {
  /** The phone verified with this app recently: the conversion rules did not judge it, and it may use the trusted reserves. */
  trusted: boolean;
  /** What the worker needs to count the send's later attempts on the same budgets (BudgetLedger). */
  charge: SmsCharge;
  release(): Promise<void>;
}

/** The learning part of the guard: conversion buckets and the rule they are judged by. */
export interface ConversionSettings {
  /** GUARD_MODE: `record` refuses nothing on conversion, but counts and logs what it would have refused. */
  mode: 'enforce' | 'record';
  rule: ConversionRule;
  /** Number ranges, as the prefix throttle defines them. */
  ranges: PrefixThrottle;
  /** How long a verified phone stays trusted (GUARD_TRUSTED_DAYS). */
  trustedForMs: number;
  /** How long a send can be verified: the code's lifetime. */
  contextTtlMs: number;
}

export interface CaptchaPolicy {
  verifier: CaptchaVerifier;
  /** `always`: every send needs a token. `throttled`: a token is asked for only when the conversion rules would throttle. */
  mode: 'always' | 'throttled';
}

export interface SendGuardDeps {
  store: GuardStore;
  /** Fixed-window limits, checked in this order; the first that refuses names the error. */
  rules: readonly SendRule[];
  conversion: ConversionSettings;
  countries: CountryAllowList;
  /** Null when CAPTCHA_PROVIDER=none. */
  captcha: CaptchaPolicy | null;
  prices: SmsPrices;
  pseudonyms: PhonePseudonyms;
  metrics: Metrics;
  logger: Logger;
  /** Default Date.now. */
  now?: () => number;
}

/** Refusals made by the OTP store's per-phone limits, by their metric rule name. */
const PHONE_RULES: Partial<Record<ErrorCode, string>> = {
  OTP_RESEND_COOLDOWN: 'cooldown',
  PHONE_SEND_LIMIT: 'phone',
  PHONE_LOCKED: 'lockout',
};

/** Buckets whose state is exported per bucket: their ids are bounded (the allowed countries, the configured apps). */
const GAUGED_KINDS = new Set(['country', 'app']);

/**
 * Decides whether a send may cost an SMS, before anything is stored or queued:
 * destination country, CAPTCHA, then, in one atomic Redis script, the fixed
 * limits (app per minute, number range, country per hour, daily budgets) and the
 * conversion rule over the send's buckets (country, range, app, client networks).
 *
 * The rule learns from verification: `verified` credits the buckets of the send
 * whose code was verified, and trusts the phone. A refused send counts nowhere, so
 * it costs no budget and cannot starve real users.
 */
export class SendGuard {
  readonly #deps: SendGuardDeps;
  readonly #now: () => number;

  constructor(deps: SendGuardDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Throws the refusing limit's ServiceError, with Retry-After (and RateLimit-* for counters). */
  async admit(request: SendRequest): Promise<Admission> {
    const { store, rules, conversion, metrics } = this.#deps;
    this.#check('country_not_allowed', () => this.#deps.countries.check(request.country));
    const captchaPassed = await this.#captchaPassed(request);

    const { app } = request;
    const send: SendContext = { phone: request.phone, country: request.country, app, units: this.#deps.prices.unitsFor(request.country), now: this.#now() };
    const buckets = conversionBuckets({ country: send.country, range: conversion.ranges.range(send.phone), app, clientIp: request.clientIp });
    const judgement: Judgement = captchaPassed ? 'exempt' : conversion.mode;
    const applied = rules.flatMap((rule) => {
      const counter = rule.counter(send);
      return counter ? [{ rule, counter }] : [];
    });
    const plan: AdmissionRequest = {
      now: send.now,
      app,
      phoneId: this.#deps.pseudonyms.of(app, send.phone),
      requestId: request.requestId ?? randomUUID(),
      counters: applied.map((a) => a.counter),
      buckets,
      judgement,
      rule: conversion.rule,
      contextTtlMs: conversion.contextTtlMs,
    };
    const result = await store.admit(plan);
    applied.forEach(({ rule, counter }, i) => {
      const reading = result.readings[i];
      if (reading) rule.observe?.(reading, counter, send);
    });
    if (result.status === 'refused') {
      const refusing = applied[result.refusedBy] as (typeof applied)[number];
      throw this.#counterRefusal(refusing.rule, refusing.counter, send.now, result.trusted);
    }

    this.#observeConversion(plan, result, send);
    if (result.status === 'throttled') {
      metrics.guardRejections.inc({ rule: 'conversion' });
      throw this.#throttled(plan, result.buckets);
    }
    const trusted = result.trusted;
    const budgets = plan.counters.filter((counter) => counter.window === 'day').map((counter) => counter.field);
    return { trusted, charge: { at: send.now, trusted, units: send.units, budgets }, release: () => store.release(plan, trusted) };
  }

  /**
   * Learns from a verified code: the phone becomes trusted for the app, and its send's
   * buckets are credited. Never throws: the code is verified whatever happens here.
   */
  async verified(send: { phone: string; app: string; requestId?: string | undefined }): Promise<void> {
    try {
      const { app } = send;
      await this.#deps.store.verified({
        now: this.#now(),
        app,
        phoneId: this.#deps.pseudonyms.of(app, send.phone),
        requestId: send.requestId,
        trustedForMs: this.#deps.conversion.trustedForMs,
      });
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'could not tell the guard about a verified code; the code is verified all the same');
    }
  }

  /** Counts a refusal by the OTP store's per-phone limits, which run inside its issue script. */
  recordRefusal(error: unknown): void {
    const rule = isServiceError(error) ? PHONE_RULES[error.code] : undefined;
    if (rule) this.#deps.metrics.guardRejections.inc({ rule });
  }

  /** True when the send carries a valid CAPTCHA token; throws when one is required or invalid. */
  async #captchaPassed(request: SendRequest): Promise<boolean> {
    const captcha = this.#deps.captcha;
    if (!captcha || (captcha.mode === 'throttled' && !request.captchaToken)) return false;
    await this.#checkAsync('captcha', captcha.verifier.verify(request.captchaToken, request.clientIp));
    return true;
  }

  #counterRefusal(rule: SendRule, counter: CounterSpec, now: number, trusted: boolean): ServiceError {
    this.#deps.metrics.guardRejections.inc({ rule: rule.name });
    const waitSeconds = Math.max(1, Math.ceil((windowAt(now, counter.windowMs).end - now) / 1000));
    const limit = trusted ? counter.limit : strangerLimit(counter);
    return new ServiceError(rule.code, {
      retryAfterSeconds: waitSeconds,
      rateLimit: { limit: Math.floor(limit / counter.scale), remaining: 0, resetSeconds: waitSeconds },
    });
  }

  #throttled(plan: AdmissionRequest, buckets: readonly BucketState[]): ServiceError {
    if (this.#deps.captcha?.mode === 'throttled') {
      return new ServiceError('CAPTCHA_REQUIRED', { details: { reason: 'throttled' } });
    }
    const waitMs = Math.max(...buckets.filter((b) => b.over).map((b) => reopensInMs(b, plan.now, plan.rule)));
    return new ServiceError('SEND_THROTTLED', { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) });
  }

  #observeConversion(plan: AdmissionRequest, result: Extract<AdmissionResult, { buckets: BucketState[] }>, send: SendContext): void {
    const { metrics, logger } = this.#deps;
    const over = plan.buckets.filter((_, i) => result.buckets[i]?.over);
    const judged = !result.trusted && plan.judgement !== 'exempt';
    metrics.guardDecisions.inc({ decision: decision(plan.judgement, result, over.length > 0, this.#deps.captcha?.mode) });
    if (judged) for (const bucket of over) metrics.guardBucketsOver.inc({ bucket: bucket.kind, mode: plan.judgement });
    if (judged && over.length > 0 && plan.judgement === 'record') {
      logger.warn({ country: send.country, app: send.app, buckets: over.map((b) => b.kind) }, 'guard would have throttled this send (GUARD_MODE=record)');
    }
    const weight = previousDayWeight(plan.now);
    const counted = result.status === 'counted' ? 1 : 0;
    plan.buckets.forEach((bucket, i) => {
      const state = result.buckets[i];
      if (!state || !GAUGED_KINDS.has(bucket.kind)) return;
      const labels = { kind: bucket.kind, bucket: bucketName(bucket) };
      metrics.guardBucketSends.set(labels, weight * state.previousSent + state.sent + counted);
      metrics.guardBucketVerified.set(labels, weight * state.previousVerified + state.verified);
    });
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

/** The `decision` label of otp_guard_decisions_total. */
function decision(judgement: Judgement, result: AdmissionResult, over: boolean, captchaMode: CaptchaPolicy['mode'] | undefined): string {
  if (result.trusted) return 'trusted';
  if (judgement === 'exempt') return 'captcha_passed';
  if (result.status === 'throttled') return captchaMode === 'throttled' ? 'captcha_required' : 'throttled';
  return over ? 'would_throttle' : 'allowed';
}

function bucketName(bucket: ConversionBucket): string {
  return bucket.id.slice(bucket.id.indexOf(':') + 1);
}
