import { EVENTS_QUEUE_NAME, EXPIRY_QUEUE_NAME, type EventJobData, type ExpiryCheckJobData } from '@otp/queue';
import { Worker, type ConnectionOptions } from 'bullmq';
import type { EventDeliveryProcessor, EventDeliveryResult } from './event-delivery-processor.js';
import type { ExpiryCheckProcessor, ExpiryCheckResult } from './expiry-check-processor.js';

export interface EventWorkersOptions {
  /** A connection with `maxRetriesPerRequest: null`, as BullMQ workers need. */
  connection: ConnectionOptions;
  prefix: string;
  delivery: EventDeliveryProcessor;
  expiry: ExpiryCheckProcessor;
  /** Webhook calls in flight at once per process: a slow receiver holds one slot per event, never a send. */
  concurrency: number;
  onError: (error: Error) => void;
}

export interface EventWorkers {
  delivery: Worker<EventJobData, EventDeliveryResult>;
  expiry: Worker<ExpiryCheckJobData, ExpiryCheckResult>;
  close(): Promise<void>;
}

/** The worker side of events: the BullMQ Workers of both queues, with the delivery retry schedule as backoff. */
export function startEventWorkers(options: EventWorkersOptions): EventWorkers {
  const base = { connection: options.connection, prefix: options.prefix };
  const delivery = new Worker<EventJobData, EventDeliveryResult>(EVENTS_QUEUE_NAME, options.delivery.process, {
    ...base,
    concurrency: options.concurrency,
    settings: { backoffStrategy: (attemptsMade: number) => options.delivery.retryDelayMs(attemptsMade) },
  });
  const expiry = new Worker<ExpiryCheckJobData, ExpiryCheckResult>(EXPIRY_QUEUE_NAME, options.expiry.process, { ...base, concurrency: options.concurrency });
  delivery.on('error', options.onError);
  expiry.on('error', options.onError);
  return {
    delivery,
    expiry,
    async close() {
      await Promise.all([delivery.close(), expiry.close()]);
    },
  };
}
