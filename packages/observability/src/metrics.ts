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
      help: 'Codes issued and queued for sending, by destination country and calling app (no app label while the API runs without keys).',
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
    guardRejections: new Counter({
      name: `${p}guard_rejections_total`,
      help: 'Requests refused by a rate limit or fraud guard, by rule.',
      labelNames: ['rule'] as const,
      registers,
    }),
    smsBudgetExhausted: new Gauge({
      name: `${p}sms_budget_exhausted`,
      help: '1 while the daily SMS budget is used up, else 0.',
      registers,
    }),
    smsBudgetUsed: new Gauge({
      name: `${p}sms_budget_used`,
      help: 'SMS counted against today’s budget, as last seen by this process.',
      registers,
    }),
    smsBudgetLimit: new Gauge({
      name: `${p}sms_budget_limit`,
      help: 'The daily SMS budget (SMS_DAILY_BUDGET), so alerts can compare otp_sms_budget_used with it.',
      registers,
    }),
    queueJobs: new Gauge({
      name: `${p}queue_jobs`,
      help: 'Send-queue jobs by state, read from Redis at scrape time.',
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
