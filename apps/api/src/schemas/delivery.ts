import { ATTEMPT_OUTCOMES, DELIVERY_STATUSES } from '@otp/delivery';
import { Type } from 'typebox';

const Status = Type.Enum(DELIVERY_STATUSES, {
  description: 'queued → sending → sent → delivered | undelivered | failed | skipped. The last four are final.',
});

const EpochMs = Type.Integer({ description: 'Epoch milliseconds.' });

export const OtpRequestParams = Type.Object(
  { requestId: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', description: 'The requestId send-otp returned.' }) },
  { additionalProperties: false },
);

export const DeliveryAttemptSchema = Type.Object({
  attempt: Type.Integer({ description: '1 for the first attempt.' }),
  provider: Type.String(),
  startedAt: EpochMs,
  latencyMs: Type.Integer(),
  outcome: Type.Enum(ATTEMPT_OUTCOMES),
  errorCode: Type.Optional(Type.String({ description: "The provider's error code, or timeout / network." })),
  retryInMs: Type.Optional(Type.Integer({ description: 'Planned delay before the next attempt.' })),
});

export const DeliveryRecordSchema = Type.Object(
  {
    requestId: Type.String(),
    status: Status,
    phone: Type.String({ description: 'Masked, e.g. +91******3210.' }),
    country: Type.String(),
    timestamps: Type.Object(
      Object.fromEntries(DELIVERY_STATUSES.map((step) => [step, Type.Optional(EpochMs)])),
      { description: 'When each step was first reached.' },
    ),
    provider: Type.Optional(Type.String({ description: 'The provider of the latest attempt.' })),
    providerMessageId: Type.Optional(Type.String()),
    errorCode: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String({ description: 'Why it failed or was skipped, e.g. permanent_error, retries_exhausted, superseded.' })),
    attempts: Type.Array(DeliveryAttemptSchema),
  },
  { description: 'What happened to one send request. Never holds the code.' },
);
