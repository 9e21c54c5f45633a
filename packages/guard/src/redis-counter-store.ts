import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { CounterOutcome, CounterSpec, CounterStore } from './counter-store.js';

const lua = (name: string): string => readFileSync(new URL(`../lua/${name}.lua`, import.meta.url), 'utf8');

interface GuardCommands {
  guardReserve(key: string, limit: number, windowMs: number): Promise<[number, number, number]>;
  guardRelease(key: string): Promise<number>;
}

type Commands = Redis & GuardCommands;
type Pipeline = ReturnType<Redis['pipeline']> & { [K in keyof GuardCommands]: (...args: Parameters<GuardCommands[K]>) => Pipeline };

/**
 * Counters in Redis, shared by every API replica. Each counter is one script
 * call (see lua/reserve.lua); all the counters of one send go in one pipeline,
 * so the guard costs a single round trip.
 */
export class RedisCounterStore implements CounterStore {
  readonly #redis: Commands;
  readonly #prefix: string;

  constructor(redis: Redis, options: { keyPrefix: string }) {
    redis.defineCommand('guardReserve', { numberOfKeys: 1, lua: lua('reserve') });
    redis.defineCommand('guardRelease', { numberOfKeys: 1, lua: lua('release') });
    this.#redis = redis as Commands;
    this.#prefix = options.keyPrefix;
  }

  async reserve(counters: readonly CounterSpec[]): Promise<CounterOutcome[]> {
    if (counters.length === 0) return [];
    const pipeline = this.#redis.pipeline() as Pipeline;
    for (const c of counters) pipeline.guardReserve(this.#prefix + c.key, c.limit, c.windowMs);
    const replies = await pipeline.exec();
    return (replies ?? []).map(([error, reply]) => {
      if (error) throw error;
      const [counted, count, ttlMs] = reply as [number, number, number];
      return { counted: counted === 1, count, ttlMs };
    });
  }

  async release(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    const pipeline = this.#redis.pipeline() as Pipeline;
    for (const key of keys) pipeline.guardRelease(this.#prefix + key);
    const replies = await pipeline.exec();
    for (const [error] of replies ?? []) if (error) throw error;
  }
}
