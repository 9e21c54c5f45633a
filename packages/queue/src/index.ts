export { SMS_QUEUE_NAME, SEND_OTP_JOB } from './names.js';
export type { SmsJobData, SealedSecret } from './payload.js';
export { PayloadSealer } from './payload-sealer.js';
export { DEFAULT_JOB_OPTIONS } from './job-options.js';
export { SmsQueue, type SmsQueueOptions } from './sms-queue.js';
