/** The queue both apps share. Renaming it strands jobs already queued. */
export const SMS_QUEUE_NAME = 'sms';

/** The one job kind on that queue. */
export const SEND_OTP_JOB = 'send-otp';

/** Events for the apps' webhooks, one job per event; its own queue, so a dead receiver never holds up a send. */
export const EVENTS_QUEUE_NAME = 'events';

/** The one job kind on the events queue. */
export const DELIVER_EVENT_JOB = 'deliver-event';

/** Delayed jobs that fire when a code expires, to tell its app if it was never used. */
export const EXPIRY_QUEUE_NAME = 'otp-expiry';

/** The one job kind on the expiry queue. */
export const CHECK_EXPIRY_JOB = 'check-expiry';
