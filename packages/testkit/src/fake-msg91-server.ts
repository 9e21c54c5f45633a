import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ScriptedHttpFake, type RecordedRequest, type ScriptedCall } from './scripted-http-fake.js';

export interface FakeMsg91Options {
  authKey: string;
  /** Latency of every call that does not script its own. Default 0. */
  defaultLatencyMs?: number;
}

/**
 * MSG91's v5 OTP API on localhost: the `authkey` header, the OTP parameters in
 * the query string, and `{type, message, request_id}` answers.
 */
export class FakeMsg91Server extends ScriptedHttpFake {
  readonly #authKey: string;

  constructor(options: FakeMsg91Options) {
    super(options.defaultLatencyMs);
    this.#authKey = options.authKey;
  }

  /** The send-OTP calls received, as their query parameters. */
  get otps(): Array<Record<string, string>> {
    return this.requests.filter((r) => r.path === '/api/v5/otp').map((r) => Object.fromEntries(r.query));
  }

  protected respond(request: RecordedRequest, call: Exclude<ScriptedCall, { kind: 'hang' }>, res: ServerResponse): void {
    if (request.method !== 'POST' || request.path !== '/api/v5/otp') {
      return ScriptedHttpFake.json(res, 404, { type: 'error', message: 'Not found' });
    }
    if (request.headers.authkey !== this.#authKey) {
      return ScriptedHttpFake.json(res, 401, { type: 'error', message: 'Authentication failure: invalid authkey' });
    }
    if (call.kind === 'error') {
      return ScriptedHttpFake.json(res, call.status, { type: 'error', message: call.message ?? 'Scripted failure' });
    }
    ScriptedHttpFake.json(res, 200, { type: 'success', message: 'OTP sent successfully', request_id: randomBytes(12).toString('hex') });
  }
}
