import { createHash } from 'node:crypto';
import type { Channel } from '@otp/channels';
import { maskPhone } from '@otp/phone';

/** What an app can hear about its codes, and the status each one reports. */
export const OTP_EVENT_STATUSES = {
  'otp.sent': 'sent',
  'otp.delivered': 'delivered',
  'otp.undelivered': 'undelivered',
  'otp.failed': 'failed',
  'otp.verified': 'verified',
  'otp.attempts_exceeded': 'attempts_exceeded',
  'otp.expired': 'expired',
} as const;

export type OtpEventType = keyof typeof OTP_EVENT_STATUSES;

export const OTP_EVENT_TYPES = Object.keys(OTP_EVENT_STATUSES) as OtpEventType[];

/** What a caller publishes. The phone is masked before it goes anywhere; there is no field for the code. */
export interface OtpEventInput {
  type: OtpEventType;
  requestId: string;
  /** The app the code belongs to; only apps with a webhook receive anything. */
  app: string;
  channel: Channel;
  /** E.164. Only its masked form reaches the queue and the app. */
  phone: string;
  /** When the code dies, epoch ms. */
  expiresAt: number;
  /** When it happened, epoch ms. Default now. */
  occurredAt?: number;
  /** The provider's error code, for otp.failed and otp.undelivered. */
  errorCode?: string | undefined;
}

/** The body an app receives: Standard Webhooks' recommended `{type, timestamp, data}`. */
export interface OtpEventPayload {
  type: OtpEventType;
  /** When it happened, ISO 8601. */
  timestamp: string;
  data: {
    requestId: string;
    app: string;
    channel: Channel;
    /** Masked, e.g. `+91******3210`. */
    phone: string;
    status: (typeof OTP_EVENT_STATUSES)[OtpEventType];
    timestamps: { occurredAt: string; expiresAt: string };
    errorCode?: string;
  };
}

/**
 * The event's id and body. The id is derived from what the event is about
 * (app, request, type, channel), so publishing the same fact twice, from a retried
 * job or a second replica, yields the same `webhook-id` and one queued job.
 * Fields are copied one by one: whatever else a caller's object holds never
 * reaches the body.
 */
export function buildOtpEvent(input: OtpEventInput): { id: string; payload: OtpEventPayload } {
  const occurredAt = new Date(input.occurredAt ?? Date.now()).toISOString();
  const id = `evt_${createHash('sha256').update(`${input.app}\n${input.requestId}\n${input.type}\n${input.channel}`).digest('hex').slice(0, 32)}`;
  return {
    id,
    payload: {
      type: input.type,
      timestamp: occurredAt,
      data: {
        requestId: input.requestId,
        app: input.app,
        channel: input.channel,
        phone: maskPhone(input.phone),
        status: OTP_EVENT_STATUSES[input.type],
        timestamps: { occurredAt, expiresAt: new Date(input.expiresAt).toISOString() },
        ...(input.errorCode ? { errorCode: input.errorCode } : {}),
      },
    },
  };
}
