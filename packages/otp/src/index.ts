export { OtpStore, type CodeState, type IssuedOtp, type OtpPolicy } from './otp-store.js';
export { OtpKeys } from './otp-keys.js';
export { CodeHasher } from './code-hasher.js';
export { generateCode } from './generate-code.js';
export { DEFAULT_PHONE_LIMITS, type PhoneLimits } from './phone-limits.js';
