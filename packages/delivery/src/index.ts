export type { DeliveryAttempt, DeliveryRecord } from './delivery-record.js';
export {
  ATTEMPT_OUTCOMES,
  DELIVERY_STATUS_RANKS,
  DELIVERY_STATUSES,
  REPEATABLE_STATUSES,
  type AttemptOutcome,
  type DeliveryStatus,
} from './delivery-status.js';
export { CALLBACK_PATHS } from './callback-paths.js';
export { DeliveryStore, type DeliveryStoreOptions, type RecordDetails, type ReportResult } from './delivery-store.js';
export { mapMsg91Status, mapTwilioCallStatus, mapTwilioStatus } from './report-mapping.js';
