export { OTP_EVENT_STATUSES, OTP_EVENT_TYPES, buildOtpEvent, type OtpEventInput, type OtpEventPayload, type OtpEventType } from './otp-event.js';
export { signWebhook, type WebhookHeaders } from './webhook-signature.js';
export { DEFAULT_RETRY_SCHEDULE_MS, RetrySchedule } from './retry-schedule.js';
export { webhookEndpoints, type AppWebhookSettings, type WebhookEndpoint } from './webhook-endpoints.js';
export { EventPublisher, type EventPublisherOptions, type ExpiryTarget } from './event-publisher.js';
export {
  EventDeliveryProcessor,
  WebhookDeliveryError,
  type EventDeliveryProcessorOptions,
  type EventDeliveryResult,
} from './event-delivery-processor.js';
export { ExpiryCheckProcessor, type ExpiryCheckProcessorOptions, type ExpiryCheckResult, type PendingCheck } from './expiry-check-processor.js';
export { startEventWorkers, type EventWorkers, type EventWorkersOptions } from './event-workers.js';
