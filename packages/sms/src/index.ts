export type { SmsMessage, SmsProvider, SmsReceipt } from './sms-provider.js';
export type { ChannelMessage, ChannelProvider, MessageSender } from './channel-provider.js';
export { SmsProviderError, type FailureFault } from './sms-provider-error.js';
export { DevelopmentProvider } from './development-provider.js';
export { TwilioProvider, type TwilioProviderOptions } from './twilio-provider.js';
export { TwilioWhatsAppProvider, type TwilioWhatsAppProviderOptions } from './twilio-whatsapp-provider.js';
export { TwilioVoiceProvider, type TwilioVoiceProviderOptions } from './twilio-voice-provider.js';
export { otpCallTwiml } from './otp-call-twiml.js';
export { sayLanguage, type SayLanguage } from './twilio-say-language.js';
export { Msg91Provider, type Msg91ProviderOptions } from './msg91-provider.js';
export { classifyTwilioError } from './twilio-errors.js';
export { classifyMsg91Answer, classifyMsg91Unreachable } from './msg91-errors.js';
export { ExponentialBackoff, type ExponentialBackoffOptions } from './exponential-backoff.js';
export { ProviderRouter, type PreviousFailure, type RouterOptions } from './provider-router.js';
export { ChannelRouter, type ChannelAttempt, type ChannelRouterOptions, type PreviousAttempt } from './channel-router.js';
// Dispatch renders with this until it composes messages through @otp/messages' MessageCatalogue.
export { renderMessage } from '@otp/messages';
export { isValidTwilioSignature } from './twilio-signature.js';
