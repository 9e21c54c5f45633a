export { createRedisNamespace, TEST_REDIS_URL, type RedisNamespace } from './redis-namespace.js';
export { testConfig } from './test-config.js';
export { captureLogs } from './log-capture.js';
export { FakeSmsProvider, type FakeBehaviour } from './fake-sms-provider.js';
export { SmsInbox, type InboxMessage } from './sms-inbox.js';
export { deadRedisUrl, startLocalRedis, startLocalRedisCluster, type LocalRedis, type LocalRedisCluster } from './local-redis.js';
