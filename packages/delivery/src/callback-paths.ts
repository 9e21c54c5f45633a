/**
 * Where each provider posts its delivery reports on the API. The worker builds
 * callback URLs from these and the API serves its webhook routes at them.
 */
export const CALLBACK_PATHS = {
  /** Twilio Messages status callbacks: SMS and WhatsApp. */
  twilio: '/webhooks/twilio/status',
  /** Twilio Calls status callbacks: voice (CallSid, CallStatus). */
  twilioCall: '/webhooks/twilio/call-status',
  msg91: '/webhooks/msg91/dlr',
} as const;
