import { randomInt, randomUUID } from 'node:crypto';
import type { WorkerConfig } from '@otp/config';
import { Keyring } from '@otp/keyring';
import { OtpStore } from '@otp/otp';
import { maskPhone, parsePhone } from '@otp/phone';
import { PayloadSealer, SEND_OTP_JOB, type SmsJobData, type SmsQueue } from '@otp/queue';
import type { Redis } from '@otp/redis';
import { BENCH_APP } from '../settings.js';
import { distinctIndianMobiles } from './phones.js';

const BATCH = 500;

/**
 * Issues a live code for each of `count` fresh phones and returns the send jobs
 * exactly as VerificationService builds them (sealed payload, jobId = requestId),
 * so a worker that processes them does all its real work.
 */
export async function issueSendJobs(redis: Redis, config: WorkerConfig, count: number): Promise<SmsJobData[]> {
  const store = benchStore(redis, config);
  const sealer = new PayloadSealer(keyringOf(config));
  const jobs: SmsJobData[] = [];
  const phones = distinctIndianMobiles(count);
  for (let i = 0; i < phones.length; i += BATCH) {
    const batch = await Promise.all(
      phones.slice(i, i + BATCH).map(async (input) => {
        const phone = parsePhone(input);
        const issued = await store.issue({ app: BENCH_APP, phone: phone.e164 }, { requestId: randomUUID() });
        return {
          v: 1 as const,
          requestId: issued.requestId,
          phoneMasked: maskPhone(phone.e164),
          country: phone.country,
          expiresAt: issued.expiresAt,
          sealed: sealer.seal({ phone: phone.e164, otp: issued.code }, issued.requestId),
          app: BENCH_APP,
        };
      }),
    );
    jobs.push(...batch);
  }
  return jobs;
}

/** Enqueues prepared jobs in bulk, in batches. */
export async function enqueueAll(queue: SmsQueue, jobs: SmsJobData[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += BATCH) {
    await queue.queue.addBulk(jobs.slice(i, i + BATCH).map((data) => ({ name: SEND_OTP_JOB, data, opts: { jobId: data.requestId } })));
  }
}

/** Issued codes with their plaintext, for the verify-otp row to answer right and wrong. */
export async function issueCodes(redis: Redis, config: WorkerConfig, count: number): Promise<Array<{ phone: string; code: string }>> {
  const store = benchStore(redis, config);
  const issued: Array<{ phone: string; code: string }> = [];
  const phones = distinctIndianMobiles(count);
  const issue = async (phone: string) => ({ phone, code: (await store.issue({ app: BENCH_APP, phone }, { requestId: randomUUID() })).code });
  for (let i = 0; i < phones.length; i += BATCH) issued.push(...(await Promise.all(phones.slice(i, i + BATCH).map(issue))));
  return issued;
}

/** Plaintext codes the way the naive reference server stores them, for its verify-otp row. */
export async function issueNaiveCodes(redis: Redis, keyPrefix: string, count: number): Promise<Array<{ phone: string; code: string }>> {
  const issued = distinctIndianMobiles(count).map((phone) => ({ phone, code: String(randomInt(100_000, 1_000_000)) }));
  for (let i = 0; i < issued.length; i += BATCH) {
    const pipeline = redis.pipeline();
    for (const { phone, code } of issued.slice(i, i + BATCH)) pipeline.set(`${keyPrefix}otp:${phone}`, code, 'EX', 600);
    await pipeline.exec();
  }
  return issued;
}

function keyringOf(config: WorkerConfig): Keyring {
  return new Keyring({ current: config.otp.secret, previous: config.otp.previousSecret });
}

function benchStore(redis: Redis, config: WorkerConfig): OtpStore {
  return new OtpStore(redis, { keyPrefix: config.redis.keyPrefix, keyring: keyringOf(config), policy: config.otp });
}
