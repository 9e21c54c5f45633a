import type { ExpiryCheckJobData, PayloadSealer } from '@otp/queue';
import type { Channel } from '@otp/channels';
import type { Job } from 'bullmq';
import { expirySealId, type EventPublisher } from './event-publisher.js';

/**
 * Asked when a code expires: true when it expired unused, i.e. it was never
 * verified, not replaced by a newer code and not killed by wrong guesses (those
 * have events of their own). Injected, so this package needs no OTP store.
 */
export type PendingCheck = (code: { requestId: string; phone: string; app: string; expiresAt: number }) => Promise<boolean>;

export interface ExpiryCheckProcessorOptions {
  isStillPending: PendingCheck;
  publisher: EventPublisher;
  sealer: PayloadSealer;
}

export type ExpiryCheckResult = { status: 'expired' } | { status: 'settled' };

/**
 * Runs when a code's delayed expiry job fires: if the code is still pending,
 * its app hears otp.expired. The event is queued before the job completes, so
 * a crash in between repeats the check, and the event's stable id keeps it one event.
 */
export class ExpiryCheckProcessor {
  readonly #options: ExpiryCheckProcessorOptions;

  constructor(options: ExpiryCheckProcessorOptions) {
    this.#options = options;
  }

  readonly process = async (job: Job<ExpiryCheckJobData>): Promise<ExpiryCheckResult> => {
    const { requestId, app, channel, expiresAt, sealed } = job.data;
    const { phone } = this.#options.sealer.open<{ phone: string }>(sealed, expirySealId(requestId));
    if (!(await this.#options.isStillPending({ requestId, phone, app, expiresAt }))) return { status: 'settled' };
    await this.#options.publisher.enqueue({ type: 'otp.expired', requestId, app, channel: channel as Channel, phone, expiresAt, occurredAt: expiresAt });
    return { status: 'expired' };
  };
}
