export { renderMessage } from './render-message.js';
export { segmentSms, type SmsEncoding, type SmsSegmentation } from './sms-encoding.js';
export { ANDROID_APP_HASH_MAX_BYTES, ANDROID_APP_HASH_PATTERN, WEB_OTP_DOMAIN_PATTERN, withAutofill, type AutofillSettings } from './autofill.js';
export { canonicalLocale, lookupLocale } from './locale.js';
export { BUILT_IN_TEMPLATES, VOICE_PROMPTS } from './built-in-texts.js';
export {
  MessageCatalogue,
  type AppMessageSettings,
  type MessageCatalogueOptions,
  type SmsText,
  type TemplateChoice,
} from './message-catalogue.js';
export { autofillProblems, segmentWarnings } from './template-checks.js';
