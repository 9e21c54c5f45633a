import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus metric the service exposes, on a registry of its own (not the
 * global one), so each process and each test has an independent set.
 * docs/OPERATIONS.md explains each metric and gives alert rules.
 */
export function createMetrics(options: { defaultMetrics?: boolean; prefix?: string } = {}) {
  const registry = new Registry();
  const p = options.prefix ?? 'otp_';
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: p });
  const registers = [registry];

  return {
    registry,
    httpRequestDuration: new Histogram({
      name: `${p}http_request_duration_seconds`,
      help: 'HTTP request duration by route and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    otpRequested: new Counter({
      name: `${p}otp_requested_total`,
      help: 'Codes issued and queued for sending, by destination country and calling app (`default` while the API runs without keys).',
      labelNames: ['country', 'app'] as const,
      registers,
    }),
    otpVerified: new Counter({
      name: `${p}otp_verified_total`,
      help: 'Codes verified successfully, by country and app as otp_requested_total, so the two divide into a conversion rate.',
      labelNames: ['country', 'app'] as const,
      registers,
    }),
    otpVerifyFailed: new Counter({
      name: `${p}otp_verify_failed_total`,
      help: 'Failed verifications by reason (error code).',
      labelNames: ['reason'] as const,
      registers,
    }),
    smsSent: new Counter({
      name: `${p}sms_sent_total`,
      help: 'SMS accepted by a provider.',
      labelNames: ['provider', 'country'] as const,
      registers,
    }),
    smsFailed: new Counter({
      name: `${p}sms_failed_total`,
      help: 'SMS that failed for good (permanent error or retries used up).',
      labelNames: ['provider', 'country', 'error_code'] as const,
      registers,
    }),
    smsRetried: new Counter({
      name: `${p}sms_retried_total`,
      help: 'SMS attempts that failed transiently and will be retried.',
      labelNames: ['provider', 'country', 'error_code'] as const,
      registers,
    }),
    smsSkipped: new Counter({
      name: `${p}sms_skipped_total`,
      help: 'Send jobs that sent nothing because the code was no longer live.',
      labelNames: ['reason'] as const,
      registers,
    }),
    smsDeliveryReports: new Counter({
      name: `${p}sms_delivery_reports_total`,
      help: 'Delivery reports received from providers, by final status.',
      labelNames: ['provider', 'status'] as const,
      registers,
    }),
    providerLatency: new Histogram({
      name: `${p}sms_provider_latency_seconds`,
      help: 'Latency of SMS provider API calls.',
      labelNames: ['provider', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    }),
    smsSpend: new Counter({
      name: `${p}sms_spend_messages_total`,
      help: 'Billable messages per provider and country; multiply by the per-message price to chart cost.',
      labelNames: ['provider', 'country'] as const,
      registers,
    }),
    smsSpendUnits: new Counter({
      name: `${p}sms_spend_total`,
      help: 'Budget units spent on provider attempts (retries and failovers included): SMS, or money at SMS_PRICES.',
      labelNames: ['provider', 'country'] as const,
      registers,
    }),
    guardRejections: new Counter({
      name: `${p}guard_rejections_total`,
      help: 'Requests refused by a rate limit or fraud guard, by rule.',
      labelNames: ['rule'] as const,
      registers,
    }),
    guardDecisions: new Counter({
      name: `${p}guard_decisions_total`,
      help: 'Conversion-rule decisions on sends that passed the fixed limits: allowed, throttled, captcha_required, would_throttle (GUARD_MODE=record), trusted, captcha_passed.',
      labelNames: ['decision'] as const,
      registers,
    }),
    guardBucketsOver: new Counter({
      name: `${p}guard_buckets_over_total`,
      help: 'Buckets found over the conversion rule when a send was judged, by kind of bucket and GUARD_MODE.',
      labelNames: ['bucket', 'mode'] as const,
      registers,
    }),
    guardBucketSends: new Gauge({
      name: `${p}guard_bucket_sends`,
      help: 'Sends in the last 24 hours of a country or app bucket, as last seen by this process.',
      labelNames: ['kind', 'bucket'] as const,
      registers,
    }),
    guardBucketVerified: new Gauge({
      name: `${p}guard_bucket_verified`,
      help: 'Verified sends in the last 24 hours of a country or app bucket, as last seen by this process.',
      labelNames: ['kind', 'bucket'] as const,
      registers,
    }),
    guardWindowSeconds: new Gauge({
      name: `${p}guard_window_seconds`,
      help: 'Length of each window the guard counts in, by window.',
      labelNames: ['window'] as const,
      registers,
    }),
    smsBudgetExhausted: new Gauge({
      name: `${p}sms_budget_exhausted`,
      help: '1 while a daily budget refuses a class of phones (strangers, trusted), else 0. `budget` is global or an app.',
      labelNames: ['budget', 'class'] as const,
      registers,
    }),
    smsBudgetUsed: new Gauge({
      name: `${p}sms_budget_used`,
      help: 'Budget units counted today (SMS, or money at SMS_PRICES), as last seen by this process. `budget` is global or an app.',
      labelNames: ['budget'] as const,
      registers,
    }),
    smsBudgetLimit: new Gauge({
      name: `${p}sms_budget_limit`,
      help: 'The daily budget (SMS, or money at SMS_PRICES), so alerts can compare otp_sms_budget_used with it. `budget` is global or an app.',
      labelNames: ['budget'] as const,
      registers,
    }),
    queueJobs: new Gauge({
      name: `${p}queue_jobs`,
      help: 'Send-queue jobs by state, read from Redis at scrape time.',
      labelNames: ['state'] as const,
      registers,
    }),
    eventDeliveries: new Counter({
      name: `${p}event_deliveries_total`,
      help: "Events an app's webhook acknowledged with a 2xx, by event type.",
      labelNames: ['type'] as const,
      registers,
    }),
    eventDeliveryFailures: new Counter({
      name: `${p}event_delivery_failures_total`,
      help: 'Failed webhook attempts by event type and reason (http_<status>, timeout, network, no_endpoint); final="true" when no retry follows.',
      labelNames: ['type', 'reason', 'final'] as const,
      registers,
    }),
    eventPublishFailures: new Counter({
      name: `${p}event_publish_failures_total`,
      help: 'Events that could not be queued (Redis unavailable); the send or verify itself went on.',
      labelNames: ['type'] as const,
      registers,
    }),
    eventBacklog: new Gauge({
      name: `${p}event_backlog`,
      help: 'Events-queue jobs by state (waiting, active, delayed = awaiting a retry, failed = given up), read from Redis at scrape time.',
      labelNames: ['state'] as const,
      registers,
    }),
    queueOldestWaitingAge: new Gauge({
      name: `${p}queue_oldest_waiting_age_seconds`,
      help: 'Seconds since the oldest waiting send job was queued (0 when none waits), read from Redis at scrape time.',
      registers,
    }),
    redisUp: new Gauge({
      name: `${p}redis_up`,
      help: '1 when this process’s Redis answered PING within 1 s at scrape time, else 0.',
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
