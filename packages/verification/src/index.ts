export { VerificationService, type SendResult, type VerificationDeps } from './verification-service.js';
