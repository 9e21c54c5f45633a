export { OtpRelayClient, type OtpRelayClientOptions } from './otp-relay-client.js';
export { OtpRelayError, isOtpRelayError } from './otp-relay-error.js';
export type { DeliveryStatus, ErrorBody, ErrorCode, SendOtpResult, VerifyOtpResult } from './types.js';
export type { paths } from './generated/openapi.js';
