/**
 * Templates shipped for locales other than English (English is OTP_MESSAGE_TEMPLATE).
 * The Hindi text reads "Your verification code is {otp}. It is valid for {minutes}
 * minutes." It has not been reviewed by a native reader yet: README says so, and
 * OTP_MESSAGE_TEMPLATES replaces it.
 */
export const BUILT_IN_TEMPLATES: Readonly<Record<string, string>> = {
  hi: 'आपका सत्यापन कोड {otp} है। यह {minutes} मिनट तक मान्य है।',
};

/** What a voice call says before reading the digits, per language. Hindi: "Your verification code is". */
export const VOICE_PROMPTS: Readonly<Record<string, string>> = {
  en: 'Your verification code is',
  hi: 'आपका सत्यापन कोड है',
};
