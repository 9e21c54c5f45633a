export type { AttemptOutcome, DeliveryAttempt, DeliveryRecord, DeliveryStatus } from './delivery-record.js';
export { DeliveryStore, type DeliveryStoreOptions, type ReportResult } from './delivery-store.js';
export { mapMsg91Status, mapTwilioStatus } from './report-mapping.js';
