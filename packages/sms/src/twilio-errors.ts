import { SmsProviderError } from './sms-provider-error.js';

const PROVIDER = 'twilio';

/** Twilio error codes that no retry can fix, and whose fault they are. https://www.twilio.com/docs/api/errors */
const PERMANENT: Record<number, { fault: 'recipient' | 'provider'; configVariable?: string }> = {
  21211: { fault: 'recipient' }, // invalid 'To' number
  21614: { fault: 'recipient' }, // 'To' is not a mobile number
  21610: { fault: 'recipient' }, // recipient replied STOP
  21612: { fault: 'recipient' }, // 'To' unreachable from this sender
  21408: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // geo permission for the region not enabled
  21608: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // trial account: recipient not a verified caller id
  20003: { fault: 'provider', configVariable: 'TWILIO_AUTH_TOKEN' }, // authentication failed
  20404: { fault: 'provider', configVariable: 'TWILIO_ACCOUNT_SID' }, // account or resource not found
  21212: { fault: 'provider', configVariable: 'TWILIO_PHONE_NUMBER' }, // invalid 'From' number
  21606: { fault: 'provider', configVariable: 'TWILIO_PHONE_NUMBER' }, // 'From' cannot send SMS
  21659: { fault: 'provider', configVariable: 'TWILIO_PHONE_NUMBER' }, // 'From' is not a Twilio number
  21701: { fault: 'provider', configVariable: 'TWILIO_MESSAGING_SERVICE_SID' }, // messaging service not found
  21703: { fault: 'provider', configVariable: 'TWILIO_MESSAGING_SERVICE_SID' }, // messaging service has no senders
};

interface TwilioFailure {
  status?: number;
  code?: number | string;
  message?: string;
}

/**
 * Classifies whatever the SDK threw. A RestException carries Twilio's `code` and
 * HTTP `status`; anything else is a network error or a timeout, worth a retry.
 */
export function classifyTwilioError(error: unknown): SmsProviderError {
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
  const known = code !== undefined ? PERMANENT[code] : undefined;
  const providerCode = code !== undefined ? String(code) : `http_${failure.status}`;
  if (known) {
    return new SmsProviderError(PROVIDER, `Twilio refused the message: ${message}`, { permanent: true, providerCode, ...known, cause: error });
  }
  if (failure.status === 401) {
    return new SmsProviderError(PROVIDER, `Twilio refused the credentials: ${message}`, {
      permanent: true,
      providerCode,
      configVariable: 'TWILIO_AUTH_TOKEN',
      cause: error,
    });
  }
  const transient = failure.status === 429 || failure.status >= 500 || code === 20429;
  return new SmsProviderError(PROVIDER, `Twilio ${transient ? 'failed' : 'refused the message'}: ${message}`, {
    permanent: !transient,
    // An unknown 4xx is about the request we built, not the number: another provider may take it.
    fault: 'provider',
    providerCode,
    cause: error,
  });
}
