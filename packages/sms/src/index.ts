export type { SmsMessage, SmsProvider, SmsReceipt } from './sms-provider.js';
export { SmsProviderError } from './sms-provider-error.js';
export { DevelopmentProvider } from './development-provider.js';
export { renderMessage } from './render-message.js';
