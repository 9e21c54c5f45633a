export { SendOtpProcessor, type SendOtpProcessorDeps, type SendOtpResult } from './send-otp-processor.js';
