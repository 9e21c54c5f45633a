/**
 * The one catalogue of error codes this service answers with.
 *
 * Codes are part of the public API: clients branch on them, so a code is never
 * renamed or reused for another meaning. Add new codes, never edit old ones.
 */
export const ERROR_CATALOGUE = {
  // Request shape
  BAD_REQUEST: { statusCode: 400, message: 'The request is malformed.' },
  INVALID_JSON: { statusCode: 400, message: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { statusCode: 400, message: 'The request does not match the expected schema.' },
  BODY_TOO_LARGE: { statusCode: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: 'Send the body as application/json.' },
  ROUTE_NOT_FOUND: { statusCode: 404, message: 'No route matches this method and path.' },

  // Phone numbers
  PHONE_INVALID: { statusCode: 400, message: 'The phone number is not a valid number in E.164 format.' },
  PHONE_NOT_SMS_CAPABLE: { statusCode: 400, message: 'The phone number cannot receive SMS.' },
  PHONE_COUNTRY_NOT_ALLOWED: { statusCode: 403, message: 'SMS to this country is not enabled.' },
  CHANNEL_UNAVAILABLE: { statusCode: 400, message: 'No configured provider sends codes by this channel.' },

  // OTP lifecycle
  OTP_RESEND_COOLDOWN: { statusCode: 429, message: 'A code was sent recently; wait before asking for another.' },
  OTP_INVALID: { statusCode: 400, message: 'The code is incorrect.' },
  OTP_EXPIRED: { statusCode: 400, message: 'There is no pending code for this phone, or it has expired.' },
  OTP_ATTEMPTS_EXCEEDED: { statusCode: 429, message: 'Too many wrong codes; request a new code.' },
  OTP_REQUEST_NOT_FOUND: { statusCode: 404, message: 'No OTP request with this id.' },
  OTP_VERIFICATION_FAILED: { statusCode: 400, message: 'The code is wrong, has expired or was already used.' },

  // Callers and abuse limits
  API_KEY_REQUIRED: { statusCode: 401, message: 'Send your API key in the X-API-Key header.' },
  API_KEY_INVALID: { statusCode: 401, message: 'The API key is not valid.' },
  UNAUTHORIZED: { statusCode: 401, message: 'Authentication is required.' },
  RATE_LIMITED: { statusCode: 429, message: 'Too many requests; slow down.' },
  PHONE_SEND_LIMIT: { statusCode: 429, message: 'Too many codes were sent to this phone; try later.' },
  PHONE_LOCKED: { statusCode: 429, message: 'This phone is locked after repeated wrong codes; try later.' },
  APP_SEND_LIMIT: { statusCode: 429, message: 'This app has reached its send limit; try later.' },
  COUNTRY_SEND_LIMIT: { statusCode: 429, message: 'Sends to this country are temporarily capped; try later.' },
  PREFIX_THROTTLED: { statusCode: 429, message: 'Sends to this number range are temporarily throttled; try later.' },
  SMS_BUDGET_EXHAUSTED: { statusCode: 503, message: 'The daily SMS budget is used up; try again tomorrow.' },
  APP_BUDGET_EXHAUSTED: { statusCode: 429, message: "This app's daily SMS budget is used up; try again tomorrow." },
  SEND_THROTTLED: { statusCode: 429, message: 'Sends like this one are paused for a while; try later.' },
  CAPTCHA_REQUIRED: { statusCode: 400, message: 'A CAPTCHA token is required.' },
  CAPTCHA_INVALID: { statusCode: 403, message: 'The CAPTCHA token was rejected.' },

  // Webhooks
  WEBHOOK_SIGNATURE_INVALID: { statusCode: 403, message: 'The webhook signature is missing or invalid.' },

  // Operators' dashboard
  ORIGIN_NOT_ALLOWED: { statusCode: 403, message: 'Changes through the dashboard must come from the dashboard’s own origin.' },
  DASHBOARD_READ_ONLY: { statusCode: 403, message: 'The dashboard is read-only.' },

  // Server side
  SERVICE_UNAVAILABLE: { statusCode: 503, message: 'A backing service is unavailable; try again shortly.' },
  INTERNAL_ERROR: { statusCode: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { statusCode: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
