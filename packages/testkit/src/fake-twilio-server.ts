import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { segmentSms } from '@otp/messages';
import { ScriptedHttpFake, type RecordedRequest, type ScriptedCall } from './scripted-http-fake.js';

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  /** Latency of every call that does not script its own. Default 0. */
  defaultLatencyMs?: number;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const CALLS_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/;
/** The spec's patterns for the SIDs a request may carry. */
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;
const WHATSAPP = 'whatsapp:';

/** A refusal as Twilio answers it: an HTTP status, Twilio's error code and its message. */
interface Refusal {
  status: number;
  code: number;
  message: string;
}

/**
 * Twilio's 2010-04-01 Messages API (SMS, and WhatsApp through `whatsapp:`
 * addresses and Content Templates) and Calls API on localhost: Basic auth with
 * the account SID and auth token, form-encoded bodies, the Message and Call
 * resources (201) of Twilio's OpenAPI spec, and Twilio's error JSON
 * `{code, message, more_info, status}` for the refusals Twilio makes at create
 * time (missing To or From, no content, a WhatsApp To with an SMS From, a
 * malformed ContentSid or ContentVariables).
 */
export class FakeTwilioServer extends ScriptedHttpFake {
  readonly #options: FakeTwilioOptions;

  constructor(options: FakeTwilioOptions) {
    super(options.defaultLatencyMs);
    this.#options = options;
  }

  /** The Create Message calls received (SMS and WhatsApp), as their form bodies. */
  get messages(): Array<Record<string, string>> {
    return this.requests.filter((r) => MESSAGES_PATH.test(r.path)).map((r) => r.form);
  }

  /** The Create Message calls to WhatsApp addresses. */
  get whatsappMessages(): Array<Record<string, string>> {
    return this.messages.filter((form) => form.To?.startsWith(WHATSAPP));
  }

  /** The Create Call calls received, as their form bodies. */
  get calls(): Array<Record<string, string>> {
    return this.requests.filter((r) => CALLS_PATH.test(r.path)).map((r) => r.form);
  }

  protected respond(request: RecordedRequest, call: Exclude<ScriptedCall, { kind: 'hang' }>, res: ServerResponse): void {
    const resource = MESSAGES_PATH.test(request.path) ? 'message' : CALLS_PATH.test(request.path) ? 'call' : undefined;
    const account = (MESSAGES_PATH.exec(request.path) ?? CALLS_PATH.exec(request.path))?.[1];
    if (request.method !== 'POST' || !resource) return this.#error(res, { status: 404, code: 20404, message: 'The requested resource was not found' });
    const auth = request.basicAuth;
    if (auth?.username !== this.#options.accountSid || auth.password !== this.#options.authToken || account !== this.#options.accountSid) {
      return this.#error(res, { status: 401, code: 20003, message: 'Authenticate' });
    }
    if (call.kind === 'error') return this.#error(res, { status: call.status, code: call.code ?? call.status, message: call.message ?? 'Scripted failure' });
    const refusal = resource === 'message' ? messageRefusal(request.form) : callRefusal(request.form);
    if (refusal) return this.#error(res, refusal);
    ScriptedHttpFake.json(res, 201, resource === 'message' ? this.#message(request.form) : this.#call(request.form));
  }

  #error(res: ServerResponse, refusal: Refusal): void {
    const { status, code, message } = refusal;
    ScriptedHttpFake.json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }

  /** api.v2010.account.message, as Twilio answers a create. */
  #message(form: Record<string, string>): Record<string, unknown> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const account = this.#options.accountSid;
    return {
      ...timestamps(),
      account_sid: account,
      api_version: '2010-04-01',
      // A Content Template's text is rendered by Twilio from the template, which the fake does not hold.
      body: form.Body ?? '',
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_media: '0',
      num_segments: String(form.Body ? segmentSms(form.Body).segments : 1),
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

  /** api.v2010.account.call, as Twilio answers a create: queued, not yet started. */
  #call(form: Record<string, string>): Record<string, unknown> {
    const sid = `CA${randomBytes(16).toString('hex')}`;
    const account = this.#options.accountSid;
    const base = `/2010-04-01/Accounts/${account}/Calls/${sid}`;
    return {
      ...timestamps(),
      sid,
      parent_call_sid: null,
      account_sid: account,
      to: form.To,
      to_formatted: form.To,
      from: form.From,
      from_formatted: form.From,
      phone_number_sid: null,
      status: 'queued',
      start_time: null,
      end_time: null,
      duration: null,
      price: null,
      price_unit: 'USD',
      direction: 'outbound-api',
      answered_by: null,
      api_version: '2010-04-01',
      forwarded_from: null,
      group_sid: null,
      caller_name: null,
      queue_time: '0',
      trunk_sid: null,
      uri: `${base}.json`,
      subresource_uris: {
        notifications: `${base}/Notifications.json`,
        recordings: `${base}/Recordings.json`,
        payments: `${base}/Payments.json`,
        events: `${base}/Events.json`,
        siprec: `${base}/Siprec.json`,
        streams: `${base}/Streams.json`,
        transcriptions: `${base}/Transcriptions.json`,
        user_defined_message_subscriptions: `${base}/UserDefinedMessageSubscriptions.json`,
        user_defined_messages: `${base}/UserDefinedMessages.json`,
      },
    };
  }
}

/** Twilio's RFC 2822 dates, e.g. "Tue, 31 Aug 2010 20:36:28 +0000". */
function timestamps(): { date_created: string; date_updated: string } {
  const now = new Date().toUTCString().replace('GMT', '+0000');
  return { date_created: now, date_updated: now };
}

function messageRefusal(form: Record<string, string>): Refusal | undefined {
  if (!form.To) return { status: 400, code: 21604, message: "A 'To' phone number is required." };
  if (!form.From && !form.MessagingServiceSid) return { status: 400, code: 21603, message: "A 'From' phone number is required." };
  if (!form.Body && !form.MediaUrl && !form.ContentSid) return { status: 400, code: 21602, message: 'Message body is required.' };
  if (form.From && form.To.startsWith(WHATSAPP) !== form.From.startsWith(WHATSAPP)) {
    return { status: 400, code: 21910, message: 'Invalid From and To pair. From and To should be of the same channel.' };
  }
  if (form.ContentSid && !CONTENT_SID.test(form.ContentSid)) return { status: 400, code: 21655, message: 'The ContentSid is Invalid.' };
  if (form.ContentVariables && !isJsonObject(form.ContentVariables)) return { status: 400, code: 21656, message: 'The ContentVariables Parameter is invalid.' };
  return undefined;
}

function callRefusal(form: Record<string, string>): Refusal | undefined {
  if (!form.To) return { status: 400, code: 21201, message: "No 'To' number is specified" };
  if (!form.From) return { status: 400, code: 21213, message: "No 'From' number is specified" };
  if (!form.Url && !form.Twiml && !form.ApplicationSid) return { status: 400, code: 21205, message: 'Url parameter is required.' };
  return undefined;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
