import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse.js';

/** Every language the SDK knows `<Say>` to speak (its SayLanguage type, reached through SayAttributes). */
type TwilioSayLanguage = NonNullable<VoiceResponse.SayAttributes['language']>;

/**
 * The `<Say language>` values our voice prompts can use, from the SDK's own list
 * (the type check keeps each one a value Twilio accepts). The first entry of a
 * language is its default when neither the locale nor the number names a region.
 * A new voice prompt in @otp/messages needs its language here.
 */
const SAY_LANGUAGES = [
  'en-US',
  'en-GB',
  'en-IN',
  'en-AU',
  'en-CA',
  'en-IE',
  'en-NZ',
  'en-ZA',
  'hi-IN',
] as const satisfies readonly TwilioSayLanguage[];

export type SayLanguage = (typeof SAY_LANGUAGES)[number];

/**
 * The Twilio voice language for a message locale: the locale itself when Twilio
 * speaks it (`en-IN`), else the language in the destination's country (`en` to
 * an Indian number: `en-IN`), else the language's default (`en-US`).
 */
export function sayLanguage(locale: string, country: string): SayLanguage {
  const [language = 'en'] = locale.split('-');
  const candidates = [locale, `${language}-${country.toUpperCase()}`];
  const exact = SAY_LANGUAGES.find((tag) => candidates.includes(tag));
  return exact ?? SAY_LANGUAGES.find((tag) => tag.startsWith(`${language}-`)) ?? 'en-US';
}
