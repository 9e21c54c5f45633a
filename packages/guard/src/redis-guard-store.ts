import { defineLuaCommands, type RedisClient } from '@otp/redis';
import { CONVERSION_WINDOW_MS, previousDayWeight } from './conversion-rule.js';
import type { AdmissionRequest, AdmissionResult, BucketState, GuardStore, VerifiedSend } from './guard-store.js';
import { strangerLimit, type CounterReading, type CounterWindow } from './send-rule.js';
import { DAY_MS, windowAt } from './time-window.js';

type Argument = string | number;

interface GuardCommands {
  guardAdmit(...args: Argument[]): Promise<number[]>;
  guardRelease(...args: Argument[]): Promise<number>;
  guardVerified(
    trustKey: string,
    sentKey: string,
    conversionKey: string,
    now: number,
    trustedForMs: number,
    requestId: string,
    lifetimeMs: number,
  ): Promise<number>;
  guardCharge(dayKey: string, units: number, trusted: 0 | 1, lifetimeMs: number, ...fields: string[]): Promise<number>;
}

/** Counter windows in admit-8.lua's key order, after the phone's trust and send context and the two conversion days. */
const COUNTER_WINDOWS: readonly CounterWindow[] = ['minute', 'hour', 'range', 'day'];
const FIRST_COUNTER_KEY = 5;
/** A window's hash outlives it a little, so a release that races its end still finds it. */
const WINDOW_GRACE_MS = 60_000;

/**
 * The guard's state in Redis, every key under one hash tag, `{guard}`, so that each
 * decision is one script on one node, Redis Cluster included (see lua/admit-8.lua for
 * the key layout). The price is that the guard's state cannot spread over a cluster's
 * nodes; docs/ARCHITECTURE.md bounds its size.
 */
export class RedisGuardStore implements GuardStore {
  readonly #redis: RedisClient & GuardCommands;
  readonly #prefix: string;

  constructor(redis: RedisClient, options: { keyPrefix: string }) {
    this.#redis = defineLuaCommands<GuardCommands>(redis, new URL('../lua/', import.meta.url), {
      guardAdmit: 'admit',
      guardRelease: 'release',
      guardVerified: 'verified',
      guardCharge: 'charge',
    });
    this.#prefix = `${options.keyPrefix}guard:{guard}:`;
  }

  async admit(request: AdmissionRequest): Promise<AdmissionResult> {
    const reply = await this.#redis.guardAdmit(...this.#admissionArguments(request));
    const [status, trusted, refusedBy] = reply as [number, number, number];
    const readings = request.counters.map((_, i): CounterReading => ({ used: reply[3 + 2 * i] ?? 0, byTrusted: reply[4 + 2 * i] ?? 0 }));
    if (status === 0) return { status: 'refused', trusted: trusted === 1, refusedBy: refusedBy - 1, readings };
    const offset = 3 + 2 * request.counters.length;
    const buckets = request.buckets.map((_, i): BucketState => {
      const [sent = 0, verified = 0, previousSent = 0, previousVerified = 0, over = 0] = reply.slice(offset + 5 * i, offset + 5 * i + 5);
      return { sent, verified, previousSent, previousVerified, over: over === 1 };
    });
    return { status: status === 1 ? 'counted' : 'throttled', trusted: trusted === 1, readings, buckets };
  }

  async release(request: AdmissionRequest, trusted: boolean): Promise<void> {
    await this.#redis.guardRelease(...this.#admissionArguments(request), trusted ? 1 : 0);
  }

  async verified(send: VerifiedSend): Promise<number> {
    const today = windowAt(send.now, CONVERSION_WINDOW_MS);
    return this.#redis.guardVerified(
      this.#key(`trusted:${send.app}:${send.phoneId}`),
      this.#key(`sent:${send.app}:${send.phoneId}`),
      this.#key(`conversion:${today.label}`),
      send.now,
      send.trustedForMs,
      send.requestId ?? '',
      this.#conversionLifetime(send.now),
    );
  }

  async charge(at: number, units: number, trusted: boolean, fields: readonly string[]): Promise<void> {
    const day = windowAt(at, DAY_MS);
    await this.#redis.guardCharge(this.#key(`day:${day.label}`), units, trusted ? 1 : 0, day.end - at + WINDOW_GRACE_MS, ...fields);
  }

  /** KEYS and ARGV of admit-8.lua, which release-8.lua takes as they are. */
  #admissionArguments(request: AdmissionRequest): Argument[] {
    const { now, counters, buckets, rule } = request;
    const windows = new Map<CounterWindow, ReturnType<typeof windowAt>>();
    for (const counter of counters) windows.set(counter.window, windowAt(now, counter.windowMs));
    const counterKeys = COUNTER_WINDOWS.map((name) => {
      const window = windows.get(name);
      // A window no counter uses still needs a key of the tag; it is never read or written.
      return this.#key(window ? `${name}:${window.label}` : `${name}:unused`);
    });
    return [
      this.#key(`trusted:${request.app}:${request.phoneId}`),
      this.#key(`sent:${request.app}:${request.phoneId}`),
      this.#key(`conversion:${windowAt(now, CONVERSION_WINDOW_MS).label}`),
      this.#key(`conversion:${windowAt(now - CONVERSION_WINDOW_MS, CONVERSION_WINDOW_MS).label}`),
      ...counterKeys,
      now,
      request.judgement,
      previousDayWeight(now),
      rule.allowance,
      rule.creditPerVerified,
      this.#conversionLifetime(now),
      request.requestId,
      request.contextTtlMs,
      buckets.length,
      ...buckets.map((bucket) => bucket.id),
      counters.length,
      ...counters.flatMap((counter) => [
        FIRST_COUNTER_KEY + COUNTER_WINDOWS.indexOf(counter.window),
        counter.field,
        counter.limit,
        strangerLimit(counter),
        counter.cost,
        (windows.get(counter.window)?.end ?? now) - now + WINDOW_GRACE_MS,
      ]),
    ];
  }

  /** A day's conversion counts serve as "the day before" for one more day. Lifetimes are relative, so the API's and Redis's clocks need not agree. */
  #conversionLifetime(now: number): number {
    return windowAt(now, CONVERSION_WINDOW_MS).end - now + CONVERSION_WINDOW_MS;
  }

  #key(name: string): string {
    return this.#prefix + name;
  }
}
