import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ScriptedHttpFake, type RecordedRequest, type ScriptedCall } from './scripted-http-fake.js';

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  /** Latency of every call that does not script its own. Default 0. */
  defaultLatencyMs?: number;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/**
 * Twilio's Messages API (2010-04-01) on localhost: Basic auth with the account
 * SID and auth token, a form-encoded body, a Message resource (201) as in
 * Twilio's OpenAPI spec, and Twilio's error JSON `{code, message, more_info, status}`.
 */
export class FakeTwilioServer extends ScriptedHttpFake {
  readonly #options: FakeTwilioOptions;

  constructor(options: FakeTwilioOptions) {
    super(options.defaultLatencyMs);
    this.#options = options;
  }

  /** The Create Message calls received, as their form bodies. */
  get messages(): Array<Record<string, string>> {
    return this.requests.filter((r) => MESSAGES_PATH.test(r.path)).map((r) => r.form);
  }

  protected respond(request: RecordedRequest, call: Exclude<ScriptedCall, { kind: 'hang' }>, res: ServerResponse): void {
    const account = MESSAGES_PATH.exec(request.path)?.[1];
    if (request.method !== 'POST' || !account) return this.#error(res, 404, 20404, 'The requested resource was not found');
    const auth = request.basicAuth;
    if (auth?.username !== this.#options.accountSid || auth.password !== this.#options.authToken || account !== this.#options.accountSid) {
      return this.#error(res, 401, 20003, 'Authenticate');
    }
    if (call.kind === 'error') return this.#error(res, call.status, call.code ?? call.status, call.message ?? 'Scripted failure');
    ScriptedHttpFake.json(res, 201, this.#message(request.form));
  }

  #error(res: ServerResponse, status: number, code: number, message: string): void {
    ScriptedHttpFake.json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }

  /** api.v2010.account.message, as Twilio answers a create. */
  #message(form: Record<string, string>): Record<string, unknown> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const account = this.#options.accountSid;
    return {
      account_sid: account,
      api_version: '2010-04-01',
      body: form.Body ?? '',
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      // A Messaging Service picks the sender later: Twilio answers "accepted" instead of "queued".
      status: form.MessagingServiceSid ? 'accepted' : 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${account}/Messages/${sid}/Media.json` },
      to: form.To ?? '',
      uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json`,
    };
  }
}
