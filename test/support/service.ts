import { composeApi, type Api } from '@otp/api';
import type { TestConfigs } from '@otp/testkit';
import type { DeliveryRecord } from '@otp/delivery';
import { waitUntilReady } from '@otp/redis';
import { DevelopmentProvider, type SmsProvider } from '@otp/sms';
import { captureLogs, createRedisNamespace, SmsInbox, testConfigs, type RedisNamespace } from '@otp/testkit';
import { composeWorker, startHealthServer, type HealthServer, type SmsWorker } from '@otp/worker';

export interface RunningService {
  api: Api;
  /** Throws until startWorker() when started with `{ worker: false }`. */
  readonly worker: SmsWorker;
  startWorker(): Promise<SmsWorker>;
  inbox: SmsInbox;
  ns: RedisNamespace;
  config: TestConfigs;
  logs: ReturnType<typeof captureLogs>;
  send(phone: string): Promise<{ statusCode: number; body: Record<string, unknown>; headers: Record<string, unknown> }>;
  verify(phone: string, otp: string): Promise<{ statusCode: number; body: Record<string, unknown> }>;
  /** GET the delivery status record of a send request. */
  status(requestId: string): Promise<{ statusCode: number; body: Record<string, unknown> }>;
  /** Polls the delivery record until `condition` holds; rejects with the last record seen after `timeoutMs`. */
  waitForRecord(requestId: string, condition: (record: DeliveryRecord) => boolean, timeoutMs?: number): Promise<DeliveryRecord>;
}

interface Teardown {
  teardown(fn: () => Promise<void> | void): void;
}

export interface ServiceOptions {
  /** Replaces the development provider (which prints into `inbox`), e.g. a provider talking to a local fake. */
  provider?: SmsProvider;
  /** `false` leaves the worker stopped until `startWorker()`, so jobs can pile up first. Default true. */
  worker?: boolean;
}

/**
 * The API and the worker as main.ts wires them, on a private Redis namespace,
 * with the development provider printing into an inbox the test can read.
 * `env` may switch SMS_PROVIDER to twilio or msg91 with their *_API_BASE_URL
 * pointing at a local fake: those providers then run for real.
 */
export async function startService(t: Teardown, env: Record<string, string> = {}, options: ServiceOptions = {}): Promise<RunningService> {
  const ns = await createRedisNamespace();
  const config = testConfigs({ ...ns.env, ...env });
  const logs = captureLogs();
  const inbox = new SmsInbox();
  const api = await composeApi(config.api, logs.logger);
  await waitUntilReady(api.redis);
  let worker: SmsWorker | undefined;
  const startWorker = async (): Promise<SmsWorker> => {
    // The inbox stands in for the development provider only; other providers talk to their fakes.
    const provider = options.provider ?? (config.worker.sms.provider === 'development' ? new DevelopmentProvider(inbox) : undefined);
    worker ??= composeWorker(config.worker, logs.logger, provider ? { provider } : {});
    // A BullMQ worker closed before it is ready leaves a timer that holds the process open for 30 s.
    await worker.worker.waitUntilReady();
    return worker;
  };
  if (options.worker !== false) await startWorker();
  t.teardown(async () => {
    await worker?.close();
    await api.close();
    await ns.cleanup();
  });

  const post = async (url: string, payload: unknown) => {
    const response = await api.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
    return { statusCode: response.statusCode, body: response.json() as Record<string, unknown>, headers: response.headers };
  };
  return {
    api,
    get worker() {
      if (!worker) throw new Error('the worker is not started: call startWorker()');
      return worker;
    },
    startWorker,
    inbox,
    ns,
    config,
    logs,
    send: (phone) => post('/api/v1/auth/send-otp', { phone }),
    verify: (phone, otp) => post('/api/v1/auth/verify-otp', { phone, otp }),
    status: async (requestId) => {
      const response = await api.app.inject({ method: 'GET', url: `/api/v1/auth/otp-requests/${requestId}` });
      return { statusCode: response.statusCode, body: response.json() as Record<string, unknown> };
    },
    waitForRecord: async (requestId, condition, timeoutMs = 20_000) => {
      if (!worker) throw new Error('the worker is not started: call startWorker()');
      const deadline = Date.now() + timeoutMs;
      let last: DeliveryRecord | null = null;
      while (Date.now() < deadline) {
        last = await worker.delivery.get(requestId);
        if (last && condition(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`delivery record ${requestId} did not reach the expected state: ${JSON.stringify(last)}`);
    },
  };
}

/** The worker's health and metrics port on loopback, as run.ts serves it, for scrapers; closed at teardown. */
export async function serveWorkerHealth(t: Teardown, service: RunningService, metricsToken?: string): Promise<HealthServer> {
  const health = await startHealthServer({
    host: '127.0.0.1',
    port: 0,
    checks: {},
    redisPing: () => service.worker.redis.ping(),
    metrics: service.worker.metrics,
    metricsToken,
  });
  t.teardown(() => health.close());
  return health;
}
