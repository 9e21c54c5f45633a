import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';
import { OtpRelayError } from './otp-relay-error.js';
import type { DeliveryStatus, ErrorBody, SendOtpResult, VerifyOtpResult } from './types.js';

export interface OtpRelayClientOptions {
  /** Origin of the OTP Relay API, e.g. `https://otp.example.com`. */
  baseUrl: string;
  /** Your app's key, sent as X-API-Key. Required unless the server runs without API_KEYS. */
  apiKey?: string;
  /** Time limit of one call; default 10 s. The API answers in milliseconds: it never waits for the SMS. */
  timeoutMs?: number;
  /** A fetch of your own (tests, proxies); default the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * Calls OTP Relay's API with the types of docs/openapi.json. Every error answer is
 * thrown as an OtpRelayError whose `code` is one of the catalogue's codes.
 */
export class OtpRelayClient {
  readonly #http: Client<paths>;
  readonly #timeoutMs: number;

  constructor(options: OtpRelayClientOptions) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#http = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: options.apiKey ? { 'x-api-key': options.apiKey } : {},
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Sends a code by SMS. `captchaToken` is needed when the server has CAPTCHA_PROVIDER set. */
  async sendOtp(phone: string, options: { captchaToken?: string } = {}): Promise<SendOtpResult> {
    return unwrap(await this.#http.POST('/api/v1/auth/send-otp', { body: { phone, ...options }, signal: this.#signal() }));
  }

  /** Resolves with `{ verified: true }`; a wrong, expired or used code throws (OTP_INVALID, OTP_EXPIRED, …). */
  async verifyOtp(phone: string, otp: string): Promise<VerifyOtpResult> {
    return unwrap(await this.#http.POST('/api/v1/auth/verify-otp', { body: { phone, otp }, signal: this.#signal() }));
  }

  /** The delivery status of one send, by the `requestId` sendOtp returned. */
  async getStatus(requestId: string): Promise<DeliveryStatus> {
    return unwrap(await this.#http.GET('/api/v1/auth/otp-requests/{requestId}', { params: { path: { requestId } }, signal: this.#signal() }));
  }

  #signal(): AbortSignal {
    return AbortSignal.timeout(this.#timeoutMs);
  }
}

function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  if (isErrorBody(result.error)) throw new OtpRelayError(result.error, result.response.headers.get('retry-after'));
  // Not OTP Relay's answer: e.g. a proxy's 502 page.
  throw new Error(`OTP Relay answered ${result.response.status} without its error shape`);
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ErrorBody).code === 'string' && typeof (body as ErrorBody).statusCode === 'number';
}
