export { SMS_QUEUE_NAME, SEND_OTP_JOB } from './names.js';
export type { SmsCharge, SmsJobData, SealedSecret } from './payload.js';
export { PayloadSealer } from './payload-sealer.js';
export { DEFAULT_JOB_OPTIONS } from './job-options.js';
export { QUEUE_DEPTH_STATES, SmsQueue, type QueueDepth, type SmsQueueOptions } from './sms-queue.js';
