/** The SMS Retriever API's app hash: 11 characters of base64. */
export const ANDROID_APP_HASH_PATTERN = '^[A-Za-z0-9+/]{11}$';

/** A host name as WebOTP's origin-bound line names it: lowercase labels, no scheme, no port. */
export const WEB_OTP_DOMAIN_PATTERN = '^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$';

/** SMS Retriever ignores longer messages: one SMS's payload. */
export const ANDROID_APP_HASH_MAX_BYTES = 140;

/** Per app, optional: the lines that let phones and browsers fill the code in. */
export interface AutofillSettings {
  /** Adds `@<domain> #<code>` as the last line (WICG origin-bound one-time codes: WebOTP, Safari and iOS autofill). */
  webOtpDomain?: string | undefined;
  /** Adds the Android SMS Retriever hash on its own line, before the WebOTP line. */
  androidAppHash?: string | undefined;
}

/**
 * Appends the autofill lines after a blank line, as both formats' own examples
 * show it. The WebOTP line must be the very last line, with exactly one space
 * between `@<domain>` and `#<code>`.
 */
export function withAutofill(text: string, otp: string, settings: AutofillSettings): string {
  const lines: string[] = [];
  if (settings.androidAppHash) lines.push(settings.androidAppHash);
  if (settings.webOtpDomain) lines.push(`@${settings.webOtpDomain} #${otp}`);
  return lines.length === 0 ? text : `${text.trimEnd()}\n\n${lines.join('\n')}`;
}
