import type { Channel } from '@otp/channels';
import { SmsProviderError, type FailureFault } from './sms-provider-error.js';

const PROVIDER = 'twilio';

interface Permanent {
  fault: FailureFault;
  configVariable?: string;
}

/** Twilio error codes no retry can fix, and whose fault they are, on every channel. https://www.twilio.com/docs/api/errors */
const ANY_CHANNEL: Record<number, Permanent> = {
  21211: { fault: 'recipient' }, // invalid 'To' number
  20003: { fault: 'provider', configVariable: 'TWILIO_AUTH_TOKEN' }, // authentication failed
  20404: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // account or resource not found
};

/** The codes particular to each channel's resource (Messages for SMS and WhatsApp, Calls for voice). */
const BY_CHANNEL: Record<Channel, Record<number, Permanent>> = {
  sms: {
    21614: { fault: 'recipient' }, // 'To' is not a mobile number
    21610: { fault: 'recipient' }, // recipient replied STOP
    21612: { fault: 'recipient' }, // 'To' unreachable from this sender
    21408: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // geo permission for the region not enabled
    21608: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // trial account: recipient not a verified caller id
    21212: { fault: 'provider', configVariable: 'TWILIO_PHONE_NUMBER' }, // invalid 'From' number
    21606: { fault: 'provider', configVariable: 'TWILIO_PHONE_NUMBER' }, // 'From' cannot send SMS
    21659: { fault: 'provider', configVariable: 'TWILIO_PHONE_NUMBER' }, // 'From' is not a Twilio number
    21701: { fault: 'provider', configVariable: 'TWILIO_MESSAGING_SERVICE_SID' }, // messaging service not found
    21703: { fault: 'provider', configVariable: 'TWILIO_MESSAGING_SERVICE_SID' }, // messaging service has no senders
  },
  whatsapp: {
    63003: { fault: 'recipient' }, // channel could not find the 'To' address: not a WhatsApp user
    63024: { fault: 'recipient' }, // invalid message recipient: not on WhatsApp, terms not accepted, client too old
    21610: { fault: 'recipient' }, // recipient opted out
    21408: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // geo permission for the region not enabled
    21910: { fault: 'provider', configVariable: 'TWILIO_WHATSAPP_FROM' }, // From and To not of the same channel
    63007: { fault: 'provider', configVariable: 'TWILIO_WHATSAPP_FROM' }, // no WhatsApp channel for the 'From' address
    21703: { fault: 'provider', configVariable: 'TWILIO_MESSAGING_SERVICE_SID' }, // messaging service has no senders
    21655: { fault: 'provider', configVariable: 'TWILIO_WHATSAPP_CONTENT_SID' }, // ContentSid invalid
    21656: { fault: 'provider', configVariable: 'TWILIO_WHATSAPP_CONTENT_SID' }, // ContentVariables do not fit the template
    63016: { fault: 'provider', configVariable: 'TWILIO_WHATSAPP_CONTENT_SID' }, // not an approved template
    63027: { fault: 'provider', configVariable: 'TWILIO_WHATSAPP_CONTENT_SID' }, // template does not exist for the language
    63028: { fault: 'provider', configVariable: 'TWILIO_WHATSAPP_CONTENT_SID' }, // template parameters do not match
  },
  voice: {
    21214: { fault: 'recipient' }, // 'To' cannot be reached
    21217: { fault: 'recipient' }, // 'To' does not appear to be a valid number
    21215: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // voice geo permission for the destination not enabled
    21216: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // account not allowed to call this number
    21219: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // trial account: 'To' not a verified caller id
    21210: { fault: 'provider', configVariable: 'TWILIO_VOICE_NUMBER' }, // 'From' not verified for this account
    21212: { fault: 'provider', configVariable: 'TWILIO_VOICE_NUMBER' }, // invalid 'From' number
  },
};

/** Rate limits: Twilio's own (20429) and WhatsApp's (63018). Worth a retry, whatever the HTTP status. */
const TRANSIENT = new Set([20429, 63018]);

interface TwilioFailure {
  status?: number;
  code?: number | string;
  message?: string;
}

/**
 * Classifies whatever the SDK threw on `channel`. A RestException carries
 * Twilio's `code` and HTTP `status`; anything else is a network error or a
 * timeout, worth a retry.
 */
export function classifyTwilioError(error: unknown, channel: Channel = 'sms'): SmsProviderError {
  const failure = (error ?? {}) as TwilioFailure;
  const message = typeof failure.message === 'string' ? failure.message : String(error);
  if (typeof failure.status !== 'number') {
    const code = String(failure.code ?? '');
    const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message);
    return new SmsProviderError(PROVIDER, `Twilio unreachable: ${message}`, {
      permanent: false,
      providerCode: timedOut ? 'timeout' : 'network',
      cause: error,
    });
  }
  const code = typeof failure.code === 'number' ? failure.code : undefined;
  const known = code === undefined ? undefined : (BY_CHANNEL[channel][code] ?? ANY_CHANNEL[code]);
  const providerCode = code !== undefined ? String(code) : `http_${failure.status}`;
  if (known) {
    return new SmsProviderError(PROVIDER, `Twilio refused the ${channel} message: ${message}`, { permanent: true, providerCode, ...known, cause: error });
  }
  if (failure.status === 401) {
    return new SmsProviderError(PROVIDER, `Twilio refused the credentials: ${message}`, {
      permanent: true,
      providerCode,
      configVariable: 'TWILIO_AUTH_TOKEN',
      cause: error,
    });
  }
  const transient = failure.status === 429 || failure.status >= 500 || (code !== undefined && TRANSIENT.has(code));
  return new SmsProviderError(PROVIDER, `Twilio ${transient ? 'failed' : `refused the ${channel} message`}: ${message}`, {
    permanent: !transient,
    // An unknown 4xx is about the request we built, not the number: another provider may take it.
    fault: 'provider',
    providerCode,
    cause: error,
  });
}
