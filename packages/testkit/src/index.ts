export { createRedisNamespace, TEST_REDIS_URL, type RedisNamespace } from './redis-namespace.js';
export { testConfig } from './test-config.js';
export { captureLogs } from './log-capture.js';
export { FakeSmsProvider, type FakeBehaviour } from './fake-sms-provider.js';
export { SmsInbox, type InboxMessage } from './sms-inbox.js';
export { ScriptedHttpFake, type RecordedRequest, type ScriptedCall } from './scripted-http-fake.js';
export { FakeTwilioServer, type FakeTwilioOptions } from './fake-twilio-server.js';
export { FakeMsg91Server, type FakeMsg91Options } from './fake-msg91-server.js';
export { signTwilioWebhook } from './twilio-signature.js';
