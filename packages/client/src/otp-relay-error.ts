import type { ErrorBody, ErrorCode } from './types.js';

/**
 * An error answer of OTP Relay, with its stable `code` from the server's catalogue.
 * `retryAfterSeconds` carries the Retry-After header of 429 and 503 answers.
 */
export class OtpRelayError<Code extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'OtpRelayError';
  readonly code: Code;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(body: ErrorBody & { code: Code }, retryAfter: string | null = null) {
    super(body.message);
    this.code = body.code;
    this.statusCode = body.statusCode;
    this.details = body.details;
    const seconds = retryAfter === null ? NaN : Number(retryAfter);
    this.retryAfterSeconds = Number.isFinite(seconds) ? seconds : undefined;
  }
}

/** Narrows `error` to an OtpRelayError, of one of `codes` when given. */
export function isOtpRelayError<Code extends ErrorCode>(error: unknown, ...codes: Code[]): error is OtpRelayError<Code> {
  return error instanceof OtpRelayError && (codes.length === 0 || codes.includes(error.code as Code));
}
