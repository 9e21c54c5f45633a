import type { paths } from './generated/openapi.js';

/** The JSON body of one response of the OpenAPI document. */
type Json<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

type SendOtp = paths['/api/v1/auth/send-otp']['post'];
type VerifyOtp = paths['/api/v1/auth/verify-otp']['post'];
type GetStatus = paths['/api/v1/auth/otp-requests/{requestId}']['get'];

export type SendOtpResult = Json<SendOtp['responses'][202]>;
export type VerifyOtpResult = Json<VerifyOtp['responses'][200]>;
export type DeliveryStatus = Json<GetStatus['responses'][200]>;
/** Every 4xx and 5xx answer has this shape. */
export type ErrorBody = Json<SendOtp['responses']['4XX']> | Json<SendOtp['responses']['5XX']>;
/** The stable codes of the server's error catalogue: branch on these, never on `message`. */
export type ErrorCode = ErrorBody['code'];
