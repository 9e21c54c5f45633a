import type { Channel } from '@otp/channels';
import type { Logger, Metrics } from '@otp/observability';
import { maskPhone } from '@otp/phone';
import {
  CHECK_EXPIRY_JOB,
  DELIVER_EVENT_JOB,
  EVENTS_QUEUE_NAME,
  EXPIRY_QUEUE_NAME,
  QUEUE_DEPTH_STATES,
  type EventJobData,
  type ExpiryCheckJobData,
  type PayloadSealer,
  type QueueDepth,
} from '@otp/queue';
import { Queue, type ConnectionOptions } from 'bullmq';
import { buildOtpEvent, type OtpEventInput } from './otp-event.js';
import { RetrySchedule } from './retry-schedule.js';
import type { WebhookEndpoint } from './webhook-endpoints.js';

export interface EventPublisherOptions {
  connection: ConnectionOptions;
  /** BullMQ key prefix (QUEUE_PREFIX). */
  prefix: string;
  /** The apps that receive events; events of other apps are not queued at all. */
  endpoints: ReadonlyMap<string, WebhookEndpoint>;
  /** Seals the phone in expiry checks. */
  sealer: PayloadSealer;
  logger: Logger;
  metrics: Metrics;
  /** Must match the delivery processor's. Default: DEFAULT_RETRY_SCHEDULE_MS. */
  schedule?: RetrySchedule;
}

/** What an expiry check needs: the code's request, its app and channel, the phone whose keys hold it, its expiry. */
export interface ExpiryTarget {
  requestId: string;
  app: string;
  channel: Channel;
  phone: string;
  expiresAt: number;
}

/**
 * BullMQ waits for its connection, so while Redis is unreachable an enqueue
 * neither resolves nor rejects. Past this many such enqueues, events are dropped
 * at once (counted and logged) instead of piling up in memory.
 */
const MAX_PENDING_ENQUEUES = 1000;

/** How long a fire-and-forget enqueue may take before it is reported as failed. */
const ENQUEUE_TIMEOUT_MS = 2000;

/** Bound by the expiry check job: a phone sealed for it opens in no other job. */
export const expirySealId = (requestId: string) => `expiry:${requestId}`;

/**
 * The producer side of events, for the API (sent… verified) and the worker
 * (sent, failed, expired). `publish` and `scheduleExpiryCheck` return nothing
 * and never throw: they start the enqueue and move on, and a failure (or an
 * enqueue still waiting for Redis after 2 s) is counted and logged. A send or a
 * verify must not wait for, or fail with, the apps' notifications. At most
 * MAX_PENDING_ENQUEUES wait for Redis at once, so an outage cannot grow memory.
 */
export class EventPublisher {
  readonly events: Queue<EventJobData>;
  readonly expiries: Queue<ExpiryCheckJobData>;
  readonly #options: EventPublisherOptions;
  readonly #schedule: RetrySchedule;
  #pending = 0;

  constructor(options: EventPublisherOptions) {
    this.#options = options;
    this.#schedule = options.schedule ?? new RetrySchedule();
    const queue = { connection: options.connection, prefix: options.prefix };
    this.events = new Queue<EventJobData>(EVENTS_QUEUE_NAME, queue);
    this.expiries = new Queue<ExpiryCheckJobData>(EXPIRY_QUEUE_NAME, queue);
    const onError = (error: Error) => options.logger.warn({ err: error }, 'events queue connection error');
    this.events.on('error', onError);
    this.expiries.on('error', onError);
  }

  /** Whether `app` receives events at all. */
  listens(app: string | undefined): app is string {
    return app !== undefined && this.#options.endpoints.has(app);
  }

  /** Queues one event for its app's webhook, without waiting. */
  publish(input: OtpEventInput): void {
    this.#detach(input.type, input.requestId, () => this.enqueue(input));
  }

  /**
   * Queues one event and resolves once it is in Redis; false when the app has no
   * webhook. The job id is the event id, so the same event queued twice is one job.
   */
  async enqueue(input: OtpEventInput): Promise<boolean> {
    if (!this.listens(input.app)) return false;
    const { id, payload } = buildOtpEvent(input);
    await this.events.add(
      DELIVER_EVENT_JOB,
      { v: 1, eventId: id, app: input.app, type: input.type, body: JSON.stringify(payload) },
      {
        jobId: id,
        attempts: this.#schedule.attempts,
        backoff: { type: 'custom' },
        // Kept for the dashboard; a failed event stays a week for investigation.
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 7 * 86_400, count: 10_000 },
      },
    );
    return true;
  }

  /** Schedules the check that publishes otp.expired if the code is still unused when it expires, without waiting. */
  scheduleExpiryCheck(target: ExpiryTarget): void {
    if (!this.listens(target.app)) return;
    const data: ExpiryCheckJobData = {
      v: 1,
      requestId: target.requestId,
      app: target.app,
      channel: target.channel,
      phoneMasked: maskPhone(target.phone),
      expiresAt: target.expiresAt,
      sealed: this.#options.sealer.seal({ phone: target.phone }, expirySealId(target.requestId)),
    };
    this.#detach('otp.expired', target.requestId, () =>
      this.expiries.add(CHECK_EXPIRY_JOB, data, {
        jobId: `expiry-${target.requestId}`,
        delay: Math.max(0, target.expiresAt - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 86_400, count: 10_000 },
      }),
    );
  }

  /** Events jobs per state, for the backlog gauge and alerts on a receiver that stays down. */
  async backlog(): Promise<QueueDepth> {
    const counts = await this.events.getJobCounts(...QUEUE_DEPTH_STATES);
    return Object.fromEntries(QUEUE_DEPTH_STATES.map((state) => [state, counts[state] ?? 0])) as QueueDepth;
  }

  /** Sets otp_event_backlog from Redis; call it at scrape time. A Redis outage keeps the last values. */
  async refreshBacklog(): Promise<void> {
    const depth = await this.backlog().catch(() => undefined);
    if (!depth) return;
    for (const state of QUEUE_DEPTH_STATES) this.#options.metrics.eventBacklog.set({ state }, depth[state]);
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.expiries.close()]);
  }

  /** Runs an enqueue without letting the caller wait for it, bounded in time and in number. */
  #detach(type: string, requestId: string, enqueue: () => Promise<unknown>): void {
    if (this.#pending >= MAX_PENDING_ENQUEUES) {
      this.#failed(type, requestId, new Error(`${MAX_PENDING_ENQUEUES} events are already waiting for Redis`));
      return;
    }
    this.#pending += 1;
    const done = enqueue().finally(() => {
      this.#pending -= 1;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the events queue did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
      timer.unref();
    });
    Promise.race([done, timedOut])
      .catch((error: unknown) => this.#failed(type, requestId, error))
      .finally(() => clearTimeout(timer));
    // Settles after the race when it timed out: already reported.
    done.catch(() => undefined);
  }

  #failed(type: string, requestId: string, error: unknown): void {
    this.#options.metrics.eventPublishFailures.inc({ type });
    this.#options.logger.error({ err: error, requestId, type }, 'could not queue an event for the app; the send or verify itself went on');
  }
}
