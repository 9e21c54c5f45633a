export { VerificationService, type SendCaller, type SendResult, type VerificationDeps } from './verification-service.js';
export { TestPhoneNumbers } from './test-phone-numbers.js';
