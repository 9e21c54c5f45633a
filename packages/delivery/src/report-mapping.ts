import type { DeliveryStatus } from './delivery-status.js';

/**
 * Twilio's MessageStatus values in a Messages status callback, mapped onto our
 * steps: SMS and WhatsApp alike, since both are Message resources. `read` is
 * WhatsApp's (the recipient opened it); WhatsApp reports sent, delivered, read,
 * failed and undelivered. queued, accepted, scheduled and sending say nothing we
 * do not know already once the API accepted the message, so they map to nothing.
 */
const TWILIO: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

export function mapTwilioStatus(messageStatus: string): DeliveryStatus | undefined {
  return TWILIO[messageStatus.toLowerCase()];
}

/**
 * Twilio's CallStatus values in a call status callback. An answered call that
 * ran its course (`completed`) read the code out: delivered. A call nobody took
 * (`busy`, `no-answer`), that the carrier refused (`failed`) or that was
 * withdrawn (`canceled`) reached nobody: undelivered. queued, initiated, ringing
 * and in-progress are on the way, and map to nothing.
 */
const TWILIO_CALL: Record<string, DeliveryStatus> = {
  completed: 'delivered',
  busy: 'undelivered',
  'no-answer': 'undelivered',
  failed: 'undelivered',
  canceled: 'undelivered',
};

export function mapTwilioCallStatus(callStatus: string): DeliveryStatus | undefined {
  return TWILIO_CALL[callStatus.toLowerCase()];
}

/**
 * MSG91 delivery report statuses, as words or as MSG91's numeric codes
 * (1 delivered, 2 failed, 8 sent to operator, 9 NDNC, 16 rejected, 17 blocked, 25 rejected, 26 ported).
 */
const MSG91: Record<string, DeliveryStatus> = {
  delivered: 'delivered',
  '1': 'delivered',
  sent: 'sent',
  submitted: 'sent',
  '8': 'sent',
  failed: 'undelivered',
  undelivered: 'undelivered',
  rejected: 'undelivered',
  blocked: 'undelivered',
  ndnc: 'undelivered',
  expired: 'undelivered',
  '2': 'undelivered',
  '9': 'undelivered',
  '16': 'undelivered',
  '17': 'undelivered',
  '25': 'undelivered',
  '26': 'undelivered',
};

export function mapMsg91Status(status: string): DeliveryStatus | undefined {
  return MSG91[status.trim().toLowerCase()];
}
