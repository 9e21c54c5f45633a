import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';

export interface ServiceErrorOptions {
  /** Replaces the catalogue message when the caller can say something more specific. */
  message?: string;
  /** Extra machine-readable fields for the client, e.g. `attemptsRemaining`. Never secrets. */
  details?: Record<string, unknown>;
  /** Seconds the client should wait; sent as the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** The limit that refused the request; sent as the `RateLimit-*` headers. */
  rateLimit?: RateLimitInfo;
  cause?: unknown;
}

/** The IETF draft `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` values of a refusal. */
export interface RateLimitInfo {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/** An error whose code, status and message come from the catalogue. */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly rateLimit: RateLimitInfo | undefined;

  constructor(code: ErrorCode, options: ServiceErrorOptions = {}) {
    super(options.message ?? ERROR_CATALOGUE[code].message, { cause: options.cause });
    this.name = 'ServiceError';
    this.code = code;
    this.statusCode = ERROR_CATALOGUE[code].statusCode;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.rateLimit = options.rateLimit;
  }

  /** The one JSON shape every error response has. */
  toJSON(): ErrorBody {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof ServiceError;
}
