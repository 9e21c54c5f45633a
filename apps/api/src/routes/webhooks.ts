import { createHash, timingSafeEqual } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CALLBACK_PATHS, mapMsg91Status, mapTwilioStatus, type DeliveryStatus, type DeliveryStore } from '@otp/delivery';
import { ServiceError } from '@otp/errors';
import type { Metrics } from '@otp/observability';
import { isValidTwilioSignature } from '@otp/sms/twilio-signature';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ErrorResponse } from '../schemas/common.js';

export interface WebhookRoutesOptions {
  delivery: DeliveryStore;
  metrics: Metrics;
  /** Validates X-Twilio-Signature; unset, every Twilio callback is refused. */
  twilioAuthToken: string | undefined;
  /** The origin Twilio calls (PUBLIC_BASE_URL); the signature covers the full URL. */
  publicBaseUrl: string | undefined;
  /** Shared secret of MSG91 reports; unset, every MSG91 report is refused. */
  msg91WebhookSecret: string | undefined;
}

const TwilioStatusBody = Type.Object(
  {
    MessageSid: Type.String({ minLength: 1 }),
    MessageStatus: Type.String({ minLength: 1 }),
    ErrorCode: Type.Optional(Type.String()),
  },
  { description: "Twilio's status callback, form-encoded; other fields Twilio sends are accepted and ignored." },
);

/** MSG91 batches reports; Twilio's callbacks carry a few dozen fields. Both outgrow the API's tiny default. */
const WEBHOOK_BODY_LIMIT = 65_536;

const NoContent = Type.Null({ description: 'Report taken (or ignored when it names no known message).' });

/** One MSG91 report as we read it: MSG91's request id and the status of the number. */
interface Msg91Report {
  requestId: string;
  status: string;
}

/**
 * Delivery reports from the providers. Each is authenticated before anything
 * is read from it: Twilio by its signature, MSG91 by a shared secret. The form
 * parser is registered in this plugin's scope only, so the public API keeps
 * accepting JSON alone.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRoutesOptions> = async (app, options) => {
  await app.register(formbody);
  const { delivery, metrics } = options;

  const apply = async (provider: string, providerMessageId: string, status: DeliveryStatus | undefined, errorCode?: string) => {
    if (!status) return;
    const result = await delivery.report(provider, providerMessageId, status, errorCode);
    metrics.smsDeliveryReports.inc({ provider, status });
    app.log.info({ provider, providerMessageId, status, ...result }, 'delivery report');
  };

  app.post(
    CALLBACK_PATHS.twilio,
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        summary: 'Twilio status callback (signed)',
        tags: ['webhooks'],
        body: TwilioStatusBody,
        response: { 204: NoContent, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      // Before validation: a forged request learns nothing, not even whether its body was well formed.
      preValidation: async (request) => {
        const { twilioAuthToken, publicBaseUrl } = options;
        const signature = request.headers['x-twilio-signature'];
        const valid =
          twilioAuthToken !== undefined &&
          publicBaseUrl !== undefined &&
          typeof signature === 'string' &&
          isValidTwilioSignature(twilioAuthToken, signature, `${publicBaseUrl}${request.url}`, formParams(request));
        if (!valid) throw new ServiceError('WEBHOOK_SIGNATURE_INVALID');
      },
    },
    async (request, reply) => {
      const { MessageSid, MessageStatus, ErrorCode } = request.body;
      await apply('twilio', MessageSid, mapTwilioStatus(MessageStatus), ErrorCode || undefined);
      return reply.code(204).send(null);
    },
  );

  app.post(
    CALLBACK_PATHS.msg91,
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        summary: 'MSG91 delivery report (shared secret)',
        tags: ['webhooks'],
        response: { 204: NoContent, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
      preValidation: async (request) => {
        if (!hasMsg91Secret(request, options.msg91WebhookSecret)) throw new ServiceError('WEBHOOK_SIGNATURE_INVALID');
      },
    },
    async (request, reply) => {
      for (const report of msg91Reports(request.body)) await apply('msg91', report.requestId, mapMsg91Status(report.status));
      return reply.code(204).send(null);
    },
  );
};

function formParams(request: FastifyRequest): Record<string, unknown> {
  return request.body !== null && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
}

/** The secret may come in the X-Webhook-Secret header or as ?secret= (MSG91's panel only takes a URL). */
function hasMsg91Secret(request: FastifyRequest, expected: string | undefined): boolean {
  if (!expected) return false;
  const header = request.headers['x-webhook-secret'];
  const query = (request.query as Record<string, unknown> | undefined)?.secret;
  const given = typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
  if (given === undefined) return false;
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * MSG91 posts either one flat report or a list of requests, each with a list of
 * per-number reports (`report: [{status | desc}]`). Both become flat reports.
 */
function msg91Reports(body: unknown): Msg91Report[] {
  const items = Array.isArray(body) ? body : (body as { data?: unknown })?.data ? [(body as { data: unknown }).data].flat() : [body];
  return items.flatMap((item) => {
    const entry = (item ?? {}) as Record<string, unknown>;
    const requestId = String(entry.requestId ?? entry.request_id ?? '');
    if (!requestId) return [];
    const nested = Array.isArray(entry.report) ? (entry.report as Array<Record<string, unknown>>) : [entry];
    return nested
      .map((report) => String(report.status ?? report.desc ?? ''))
      .filter((status) => status !== '')
      .map((status) => ({ requestId, status }));
  });
}
