import { SmsProviderError } from './sms-provider-error.js';

const PROVIDER = 'msg91';

/** MSG91 answers `{type: 'error', message}`; its messages are the only stable signal it gives. */
const RECIPIENT = /invalid (mobile|number)|mobile.*(invalid|not valid)|dnd|ndnc|blacklist|blocked number/i;
const CONFIG: Array<{ pattern: RegExp; variable: string }> = [
  { pattern: /auth ?key|authenticat|unauthori[sz]ed/i, variable: 'MSG91_AUTH_KEY' },
  { pattern: /template/i, variable: 'MSG91_TEMPLATE_ID' },
  { pattern: /sender/i, variable: 'MSG91_SENDER_ID' },
  { pattern: /route/i, variable: 'MSG91_ROUTE' },
];

/** Classifies an MSG91 error answer (an HTTP status and its `message`). */
export function classifyMsg91Answer(status: number, message: string): SmsProviderError {
  const providerCode = `http_${status}`;
  if (status === 429 || status >= 500) {
    return new SmsProviderError(PROVIDER, `MSG91 failed: ${message}`, { permanent: false, providerCode });
  }
  if (RECIPIENT.test(message)) {
    return new SmsProviderError(PROVIDER, `MSG91 refused the number: ${message}`, { permanent: true, fault: 'recipient', providerCode });
  }
  const config = CONFIG.find((entry) => entry.pattern.test(message));
  if (status === 401 || status === 403 || config) {
    return new SmsProviderError(PROVIDER, `MSG91 refused the request: ${message}`, {
      permanent: true,
      providerCode,
      configVariable: config?.variable ?? 'MSG91_AUTH_KEY',
    });
  }
  return new SmsProviderError(PROVIDER, `MSG91 refused the message: ${message}`, { permanent: true, providerCode });
}

/** Classifies a failure to get any answer: a timeout or a network error, both worth a retry. */
export function classifyMsg91Unreachable(error: unknown): SmsProviderError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const message = error instanceof Error ? error.message : String(error);
  return new SmsProviderError(PROVIDER, `MSG91 unreachable: ${message}`, {
    permanent: false,
    providerCode: timedOut ? 'timeout' : 'network',
    cause: error,
  });
}
