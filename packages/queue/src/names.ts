/** The queue both apps share. Renaming it strands jobs already queued. */
export const SMS_QUEUE_NAME = 'sms';

/** The one job kind on that queue. */
export const SEND_OTP_JOB = 'send-otp';
