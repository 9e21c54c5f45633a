import { defineLuaCommands, type RedisClient } from '@otp/redis';
import type { CounterOutcome, CounterSpec, CounterStore } from './counter-store.js';

interface GuardCommands {
  guardReserve(key: string, limit: number, windowMs: number): Promise<[number, number, number]>;
  guardRelease(key: string): Promise<number>;
}


/**
 * Counters in Redis, shared by every API replica. Each counter is one script
 * call (see lua/reserve-1.lua). The calls of one send are issued together, so
 * ioredis writes them back to back and the guard costs a single round trip.
 * Not a MULTI or pipeline object: the counters have different hash tags, and on
 * Redis Cluster they live on different nodes.
 */
export class RedisCounterStore implements CounterStore {
  readonly #redis: RedisClient & GuardCommands;
  readonly #prefix: string;

  constructor(redis: RedisClient, options: { keyPrefix: string }) {
    this.#redis = defineLuaCommands<GuardCommands>(redis, new URL('../lua/', import.meta.url), {
      guardReserve: 'reserve',
      guardRelease: 'release',
    });
    this.#prefix = options.keyPrefix;
  }

  async reserve(counters: readonly CounterSpec[]): Promise<CounterOutcome[]> {
    const replies = await Promise.all(counters.map((c) => this.#redis.guardReserve(this.#prefix + c.key, c.limit, c.windowMs)));
    return replies.map(([counted, count, ttlMs]) => ({ counted: counted === 1, count, ttlMs }));
  }

  async release(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.#redis.guardRelease(this.#prefix + key)));
  }
}
