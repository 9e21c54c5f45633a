import { Keyring } from '@otp/keyring';
import { randomBytes } from 'node:crypto';
import {
  EventDeliveryProcessor,
  EventPublisher,
  ExpiryCheckProcessor,
  RetrySchedule,
  startEventWorkers,
  webhookEndpoints,
  type AppWebhookSettings,
  type PendingCheck,
} from '@otp/events';
import { createMetrics } from '@otp/observability';
import { PayloadSealer } from '@otp/queue';
import { createRedis } from '@otp/redis';
import { captureLogs, createRedisNamespace, FakeWebhookReceiver, TEST_REDIS_URL } from '@otp/testkit';
import type { Test } from 'tap';

/** A fresh Standard Webhooks secret, as an operator would generate it. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export interface HarnessOptions {
  /** App name → does it have a webhook. Each app with one gets its own receiver. */
  apps: string[];
  retryDelaysMs?: number[];
  timeoutMs?: number;
  concurrency?: number;
  isStillPending?: PendingCheck;
}

/** The events pipeline as both processes wire it, on real Redis and BullMQ, with one local receiver per app. */
export async function eventsHarness(t: Test, options: HarnessOptions) {
  const ns = await createRedisNamespace();
  const receivers = new Map<string, FakeWebhookReceiver>();
  const secrets = new Map<string, string>();
  const settings: Record<string, { webhookUrl: string; webhookSecret: string }> = {};
  for (const app of options.apps) {
    const receiver = await new FakeWebhookReceiver().start();
    receivers.set(app, receiver);
    secrets.set(app, newSecret());
    settings[app] = { webhookUrl: `${receiver.url}/otp-events`, webhookSecret: secrets.get(app) as string };
  }
  const apps: AppWebhookSettings = { ...settings, quiet: {} };
  const endpoints = webhookEndpoints(apps);
  const metrics = createMetrics({ defaultMetrics: false });
  const logs = captureLogs('events');
  const sealer = new PayloadSealer(new Keyring({ current: 's'.repeat(40) }));
  const schedule = new RetrySchedule(options.retryDelaysMs ?? [50, 50]);
  const blocking = createRedis({ url: TEST_REDIS_URL, role: 'blocking', connectionName: `test-events-${ns.id}` });
  const publisher = new EventPublisher({ connection: ns.redis, prefix: ns.queuePrefix, endpoints, sealer, logger: logs.logger, metrics, schedule });
  const workers = startEventWorkers({
    connection: blocking,
    prefix: ns.queuePrefix,
    delivery: new EventDeliveryProcessor({ endpoints, timeoutMs: options.timeoutMs ?? 2000, schedule, metrics, logger: logs.logger }),
    expiry: new ExpiryCheckProcessor({ isStillPending: options.isStillPending ?? (async () => true), publisher, sealer }),
    concurrency: options.concurrency ?? 4,
    onError: (error) => logs.logger.error({ err: error }, 'event worker error'),
  });
  t.teardown(async () => {
    await workers.close();
    await publisher.close();
    await blocking.quit();
    await Promise.all([...receivers.values()].map((receiver) => receiver.close()));
    await ns.cleanup();
  });
  return { ns, receivers, secrets, publisher, workers, metrics, logs, endpoints };
}

/** A counter's value for one set of labels (0 when never incremented). */
export async function count(metric: { get(): Promise<{ values: Array<{ labels: object; value: number }> }> }, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want)).reduce((sum, v) => sum + v.value, 0);
}
