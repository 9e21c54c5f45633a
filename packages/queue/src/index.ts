export { CHECK_EXPIRY_JOB, DELIVER_EVENT_JOB, EVENTS_QUEUE_NAME, EXPIRY_QUEUE_NAME, SEND_OTP_JOB, SMS_QUEUE_NAME } from './names.js';
export type { EventJobData, ExpiryCheckJobData } from './event-payload.js';
export type { SmsCharge, SmsJobData, SealedSecret } from './payload.js';
export { PayloadSealer } from './payload-sealer.js';
export { UnreadablePayloadError } from './unreadable-payload-error.js';
export { DEFAULT_JOB_OPTIONS } from './job-options.js';
export { QUEUE_DEPTH_STATES, SmsQueue, type QueueDepth, type SmsQueueOptions } from './sms-queue.js';
