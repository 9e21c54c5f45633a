export { closeRedis, createRedis, waitUntilReady, type RedisRole, type RedisSettings } from './connect.js';
export { isRedisUnavailableError } from './unavailable.js';
export type { Redis } from 'ioredis';
