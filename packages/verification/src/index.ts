export { VerificationService, type SendCaller, type SendResult, type VerificationDeps, type VerifyCaller } from './verification-service.js';
export { TestPhoneNumbers } from './test-phone-numbers.js';
