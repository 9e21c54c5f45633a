import { defineLuaCommands, type RedisClient } from '@otp/redis';
import { DeliveryKeys } from './delivery-keys.js';
import type { DeliveryAttempt, DeliveryRecord } from './delivery-record.js';
import { DELIVERY_STATUS_RANKS, DELIVERY_STATUSES, REPEATABLE_STATUSES, type DeliveryStatus } from './delivery-status.js';

type Fields = Record<string, string | number | undefined>;

interface DeliveryCommands {
  deliveryTransition(
    key: string,
    status: DeliveryStatus,
    rank: number,
    repeatable: 0 | 1,
    nowMs: number,
    ttlMs: number,
    ...pairs: Array<string | number>
  ): Promise<[number, string]>;
}

export interface DeliveryStoreOptions {
  keyPrefix: string;
  /** Lifetime of a record and of its provider-id index, refreshed on each write. Default 86 400 s. */
  ttlSeconds?: number;
}

/** What a record knows of its send from the start. */
export interface RecordDetails {
  requestId: string;
  /** The app that sent it: only that app may read the record. */
  app: string;
  phoneMasked: string;
  country: string;
}

/** The outcome of a delivery report. */
export type ReportResult =
  | { found: false }
  | { found: true; requestId: string; applied: boolean; status: DeliveryStatus };

/**
 * One status record per send request, keyed by requestId, with a bounded
 * lifetime. Every step goes through lua/transition-1.lua, so steps only move
 * forward however the worker and the providers' webhooks interleave.
 */
export class DeliveryStore {
  readonly #redis: RedisClient & DeliveryCommands;
  readonly #keys: DeliveryKeys;
  readonly #ttlMs: number;

  constructor(redis: RedisClient, options: DeliveryStoreOptions) {
    this.#redis = defineLuaCommands<DeliveryCommands>(redis, new URL('../lua/', import.meta.url), { deliveryTransition: 'transition' });
    this.#keys = new DeliveryKeys(options.keyPrefix);
    this.#ttlMs = (options.ttlSeconds ?? 86_400) * 1000;
  }

  /** The request path's one write: the job is queued. One round trip. */
  async queued(input: RecordDetails & { at?: number }): Promise<void> {
    const at = input.at ?? Date.now();
    // Written whatever the outcome: the worker may have created the record first.
    await this.#transition(input.requestId, 'queued', { ...detailFields(input), queuedAt: at }, {}, at);
  }

  /** An attempt begins. Carries the queued details too, in case the request path's write was lost. */
  async sending(input: RecordDetails): Promise<void> {
    await this.#transition(input.requestId, 'sending', detailFields(input), {});
  }

  /**
   * The provider accepted the message; its id becomes findable for delivery reports.
   * The index and the record carry different hash tags (on a cluster, different
   * nodes), so they cannot share a script; issued together they cost one round trip.
   * A report that finds the index before the record says "sent" is still applied:
   * transition-1.lua only moves forward.
   */
  async sent(requestId: string, attempt: DeliveryAttempt, providerMessageId: string): Promise<void> {
    const key = this.#keys.byProviderMessageId(attempt.provider, providerMessageId);
    await Promise.all([
      this.#redis.set(key, requestId, 'PX', this.#ttlMs),
      this.#transition(requestId, 'sent', { ...attemptFields(attempt), provider: attempt.provider, providerMessageId }, {}),
    ]);
  }

  /** An attempt failed and another will follow. */
  async retrying(requestId: string, attempt: DeliveryAttempt): Promise<void> {
    await this.#transition(requestId, 'sending', { ...attemptFields(attempt), provider: attempt.provider }, {});
  }

  /** No attempt will follow. `attempt` is the last one, when the failure came from a provider. */
  async failed(requestId: string, input: { reason: string; errorCode?: string; attempt?: DeliveryAttempt }): Promise<void> {
    const history = input.attempt ? { ...attemptFields(input.attempt), provider: input.attempt.provider } : {};
    await this.#transition(requestId, 'failed', history, { reason: input.reason, errorCode: input.errorCode });
  }

  /**
   * Nothing was sent because the code is no longer live, or would be dead before
   * another attempt could land. `attempt` is the last failed one, if any.
   */
  async skipped(requestId: string, reason: string, attempt?: DeliveryAttempt): Promise<void> {
    const history = attempt ? { ...attemptFields(attempt), provider: attempt.provider } : {};
    await this.#transition(requestId, 'skipped', history, { reason, errorCode: attempt?.errorCode });
  }

  /** Applies a provider's delivery report to the record its message id points at. */
  async report(provider: string, providerMessageId: string, status: DeliveryStatus, errorCode?: string): Promise<ReportResult> {
    const requestId = await this.#redis.get(this.#keys.byProviderMessageId(provider, providerMessageId));
    if (!requestId) return { found: false };
    const [moved, kept] = await this.#move(requestId, status, Date.now(), [], pairs({ errorCode }));
    return { found: true, requestId, applied: moved === 1, status: kept as DeliveryStatus };
  }

  async get(requestId: string): Promise<DeliveryRecord | null> {
    const hash = await this.#redis.hgetall(this.#keys.record(requestId));
    if (!hash.status) return null;
    return toRecord(requestId, hash);
  }

  async #transition(requestId: string, status: DeliveryStatus, always: Fields, onMove: Fields, at = Date.now()): Promise<void> {
    await this.#move(requestId, status, at, pairs(always), pairs(onMove));
  }

  #move(requestId: string, status: DeliveryStatus, at: number, always: Array<string | number>, onMove: Array<string | number>): Promise<[number, string]> {
    const repeatable = REPEATABLE_STATUSES.has(status) ? 1 : 0;
    const rank = DELIVERY_STATUS_RANKS[status];
    return this.#redis.deliveryTransition(this.#keys.record(requestId), status, rank, repeatable, at, this.#ttlMs, always.length / 2, ...always, ...onMove);
  }
}

function detailFields(details: RecordDetails): Fields {
  return { app: details.app, phone: details.phoneMasked, country: details.country };
}

function attemptFields(attempt: DeliveryAttempt): Fields {
  return { [`attempt:${attempt.attempt}`]: JSON.stringify(attempt) };
}

function pairs(fields: Fields): Array<string | number> {
  return Object.entries(fields).flatMap(([name, value]) => (value === undefined ? [] : [name, value]));
}

function toRecord(requestId: string, hash: Record<string, string>): DeliveryRecord {
  const timestamps: DeliveryRecord['timestamps'] = {};
  for (const step of DELIVERY_STATUSES) {
    const at = hash[`${step}At`];
    if (at) timestamps[step] = Number(at);
  }
  const attempts = Object.entries(hash)
    .filter(([name]) => name.startsWith('attempt:'))
    .map(([, value]) => JSON.parse(value) as DeliveryAttempt)
    .sort((a, b) => a.attempt - b.attempt);
  return {
    requestId,
    ...(hash.app ? { app: hash.app } : {}),
    status: hash.status as DeliveryStatus,
    phone: hash.phone ?? '',
    country: hash.country ?? '',
    timestamps,
    ...(hash.provider ? { provider: hash.provider } : {}),
    ...(hash.providerMessageId ? { providerMessageId: hash.providerMessageId } : {}),
    ...(hash.errorCode ? { errorCode: hash.errorCode } : {}),
    ...(hash.reason ? { reason: hash.reason } : {}),
    attempts,
  };
}
