import { composeApi, type Api } from '@otp/api';
import type { ApiConfig } from '@otp/config';
import { Keyring } from '@otp/keyring';
import { PayloadSealer, SmsQueue, type SmsJobData } from '@otp/queue';
import { waitUntilReady } from '@otp/redis';
import { captureLogs, createRedisNamespace, testApiConfig, type RedisNamespace } from '@otp/testkit';

export interface Reply {
  statusCode: number;
  body: Record<string, unknown>;
  headers: Record<string, unknown>;
}

export interface ApiHarness {
  api: Api;
  ns: RedisNamespace;
  config: ApiConfig;
  logs: ReturnType<typeof captureLogs>;
  send(body: Record<string, unknown>, options?: RequestOptions): Promise<Reply>;
  verify(phone: string, otp: string, options?: RequestOptions): Promise<Reply>;
  /** Every send job queued so far. */
  jobs(): Promise<SmsJobData[]>;
  /** The code sealed in a queued job, read as the worker would. */
  codeOf(requestId: string): Promise<string>;
  /** OTP and guard keys (the per-IP rate-limit counters and the queue aside). */
  storedKeys(): Promise<string[]>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  remoteAddress?: string;
}

/** The API as composeApi wires it (no worker), on a private Redis namespace, driven by inject(). */
export async function startApi(t: { teardown(fn: () => Promise<void>): void }, env: Record<string, string> = {}): Promise<ApiHarness> {
  const ns = await createRedisNamespace();
  const config = testApiConfig({ ...ns.env, ...env });
  const logs = captureLogs();
  const api = await composeApi(config, logs.logger);
  await waitUntilReady(api.redis);
  const queue = new SmsQueue({
    connection: ns.redis,
    prefix: ns.queuePrefix,
    onError: (error) => {
      throw error;
    },
  });
  t.teardown(async () => {
    await api.close();
    await queue.close();
    await ns.cleanup();
  });

  const post = async (url: string, payload: Record<string, unknown>, options: RequestOptions = {}): Promise<Reply> => {
    const response = await api.app.inject({ method: 'POST', url, payload, headers: options.headers, remoteAddress: options.remoteAddress });
    return { statusCode: response.statusCode, body: response.json() as Record<string, unknown>, headers: response.headers };
  };
  const jobs = async () => (await queue.queue.getJobs()).map((job) => job.data);
  return {
    api,
    ns,
    config,
    logs,
    send: (body, options) => post('/api/v1/auth/send-otp', body, options),
    verify: (phone, otp, options) => post('/api/v1/auth/verify-otp', { phone, otp }, options),
    jobs,
    async codeOf(requestId) {
      const job = (await jobs()).find((data) => data.requestId === requestId);
      if (!job) throw new Error(`no job for ${requestId}`);
      return new PayloadSealer(new Keyring({ current: config.otp.secret, previous: config.otp.previousSecret })).open(job.sealed, requestId).otp;
    },
    async storedKeys() {
      return (await ns.dump())
        .map((entry) => entry.key)
        .filter((key) => key.startsWith(ns.keyPrefix) && !key.startsWith(`${ns.keyPrefix}ratelimit:`));
    },
  };
}

/** A code guaranteed to differ from `code`. */
export function wrongCode(code: string): string {
  return code.replace(/^./, (digit) => String((Number(digit) + 1) % 10));
}
