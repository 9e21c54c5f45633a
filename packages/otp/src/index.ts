export { OtpStore, type CodeState, type IssuedOtp, type IssueOptions, type OtpPolicy, type VerifiedOtp } from './otp-store.js';
export { OtpKeys } from './otp-keys.js';
export type { OtpTarget } from './otp-target.js';
export { CodeHasher, type CodeHash } from './code-hasher.js';
export { generateCode } from './generate-code.js';
export { DEFAULT_PHONE_LIMITS, type PhoneLimits } from './phone-limits.js';
