import type { Logger, Metrics } from '@otp/observability';
import type { EventJobData } from '@otp/queue';
import type { Job } from 'bullmq';
import { RetrySchedule } from './retry-schedule.js';
import type { WebhookEndpoint } from './webhook-endpoints.js';
import { signWebhook } from './webhook-signature.js';

export interface EventDeliveryProcessorOptions {
  endpoints: ReadonlyMap<string, WebhookEndpoint>;
  /** Longest one POST may take; a receiver slower than this counts as failed and is retried later. */
  timeoutMs: number;
  /** Must match the publisher's. Default: DEFAULT_RETRY_SCHEDULE_MS. */
  schedule?: RetrySchedule;
  metrics: Metrics;
  logger: Logger;
  /** Epoch ms; tests may pin it. Default Date.now. */
  now?: () => number;
}

export type EventDeliveryResult = { status: 'delivered'; httpStatus: number } | { status: 'dropped'; reason: 'no_endpoint' };

/** A delivery attempt that did not end in a 2xx; BullMQ retries it on the schedule. */
export class WebhookDeliveryError extends Error {
  readonly reason: string;

  constructor(reason: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'WebhookDeliveryError';
    this.reason = reason;
  }
}

const USER_AGENT = 'otp-relay-webhooks/1';

/**
 * Delivers one event to its app: signs it for this attempt (Standard Webhooks),
 * POSTs it with a bounded timeout, and treats anything but a 2xx as a failure
 * for BullMQ to retry on the schedule. Redirects are not followed: the URL in
 * APP_SETTINGS is the only place events go. At least once: a receiver that
 * answered but whose 2xx was lost gets the event again, with the same
 * `webhook-id` to deduplicate by.
 */
export class EventDeliveryProcessor {
  readonly #options: EventDeliveryProcessorOptions;
  readonly #schedule: RetrySchedule;
  readonly #now: () => number;

  constructor(options: EventDeliveryProcessorOptions) {
    this.#options = options;
    this.#schedule = options.schedule ?? new RetrySchedule();
    this.#now = options.now ?? Date.now;
  }

  /** The delay before the retry after `attemptsMade` attempts: the worker's backoff strategy. */
  retryDelayMs(attemptsMade: number): number {
    return this.#schedule.delayMs(attemptsMade);
  }

  readonly process = async (job: Job<EventJobData>): Promise<EventDeliveryResult> => {
    const { metrics, logger } = this.#options;
    const { eventId, app, type, body } = job.data;
    const endpoint = this.#options.endpoints.get(app);
    if (!endpoint) {
      // The app's webhook was removed from APP_SETTINGS since the event was queued.
      metrics.eventDeliveryFailures.inc({ type, reason: 'no_endpoint', final: 'true' });
      logger.warn({ eventId, app, type }, 'event dropped: the app has no webhook any more');
      return { status: 'dropped', reason: 'no_endpoint' };
    }
    try {
      const httpStatus = await this.#post(endpoint, eventId, body);
      metrics.eventDeliveries.inc({ type });
      logger.info({ eventId, app, type, httpStatus, attempt: job.attemptsMade + 1 }, 'event delivered');
      return { status: 'delivered', httpStatus };
    } catch (error) {
      const failure = error instanceof WebhookDeliveryError ? error : new WebhookDeliveryError('network', String(error), error);
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      metrics.eventDeliveryFailures.inc({ type, reason: failure.reason, final: String(final) });
      logger.warn({ eventId, app, type, reason: failure.reason, attempt: job.attemptsMade + 1, final }, 'event delivery failed');
      throw failure;
    }
  };

  async #post(endpoint: WebhookEndpoint, eventId: string, body: string): Promise<number> {
    let response: Response;
    try {
      response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          ...signWebhook(endpoint.secret, eventId, this.#now() / 1000, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new WebhookDeliveryError(timedOut ? 'timeout' : 'network', `webhook unreachable: ${String(error)}`, error);
    }
    // The answer's body means nothing to us; release the connection.
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status > 299) throw new WebhookDeliveryError(`http_${response.status}`, `webhook answered ${response.status}`);
    return response.status;
  }
}
