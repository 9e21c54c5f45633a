/**
 * Where each provider posts its delivery reports on the API. The worker builds
 * callback URLs from these and the API serves its webhook routes at them.
 */
export const CALLBACK_PATHS = {
  twilio: '/webhooks/twilio/status',
  msg91: '/webhooks/msg91/dlr',
} as const;
