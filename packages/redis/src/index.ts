export {
  closeRedis,
  createRedis,
  waitUntilReady,
  type RedisClient,
  type RedisNode,
  type RedisRole,
  type RedisSettings,
} from './connect.js';
export { evictionPolicyWarning, readEvictionPolicy, warnIfRedisMayEvict } from './eviction-policy.js';
export { isRedisUnavailableError } from './unavailable.js';
export type { Cluster, Redis } from 'ioredis';
export { defineLuaCommands } from './lua-commands.js';
