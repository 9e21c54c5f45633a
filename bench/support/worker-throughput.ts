import type { WorkerConfig } from '@otp/config';
import { createLogger } from '@otp/observability';
import { SMS_QUEUE_NAME, SmsQueue, type SmsJobData } from '@otp/queue';
import { createRedis } from '@otp/redis';
import type { SmsProvider } from '@otp/sms';
import { composeWorker } from '@otp/worker';
import { Worker } from 'bullmq';
import { enqueueAll } from './send-jobs.js';

export interface Throughput {
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  /** Results other than a send, e.g. a failed or skipped job; 0 in a clean run. */
  notSent: number;
}

/** Any worker the bench can time: it emits `completed`/`failed` per job and closes. */
interface TimedWorker {
  worker: Pick<Worker, 'on'>;
  close(): Promise<void>;
}

async function time(jobs: number, start: () => TimedWorker, isSent: (result: unknown) => boolean): Promise<Throughput> {
  const startedAt = performance.now();
  const running = start();
  let done = 0;
  let notSent = 0;
  await new Promise<void>((resolve) => {
    const settle = (sent: boolean): void => {
      done += 1;
      if (!sent) notSent += 1;
      if (done === jobs) resolve();
    };
    running.worker.on('completed', (_job, result) => settle(isSent(result)));
    running.worker.on('failed', () => settle(false));
  });
  const seconds = (performance.now() - startedAt) / 1000;
  await running.close();
  return { jobs, seconds, jobsPerSecond: jobs / seconds, notSent };
}

/** Our worker (composeWorker, as main.ts wires it) with `provider`, over `jobs` real send jobs queued beforehand. */
export async function timeOurWorker(config: WorkerConfig, provider: SmsProvider, jobs: SmsJobData[]): Promise<Throughput> {
  await fill(config.redis.url, config.redis.queuePrefix, jobs);
  const logger = createLogger({ level: 'warn', name: 'bench-worker' });
  return time(
    jobs.length,
    () => composeWorker(config, logger, { provider }),
    (result) => (result as { status?: string } | undefined)?.status === 'sent',
  );
}

/** A bare BullMQ worker with a no-op processor, same Redis and concurrency, over the same jobs on its own queue prefix. */
export async function timeBareWorker(redisUrl: string, queuePrefix: string, concurrency: number, jobs: SmsJobData[]): Promise<Throughput> {
  await fill(redisUrl, queuePrefix, jobs);
  return time(
    jobs.length,
    () => {
      const connection = createRedis({ url: redisUrl, role: 'blocking', connectionName: 'bench-bare-worker' });
      const worker = new Worker(SMS_QUEUE_NAME, async () => undefined, { connection, prefix: queuePrefix, concurrency });
      return {
        worker,
        async close() {
          await worker.close();
          await connection.quit();
        },
      };
    },
    () => true,
  );
}

async function fill(redisUrl: string, queuePrefix: string, jobs: SmsJobData[]): Promise<void> {
  const connection = createRedis({ url: redisUrl, role: 'blocking', connectionName: 'bench-producer' });
  const queue = new SmsQueue({
    connection,
    prefix: queuePrefix,
    onError: (error) => {
      throw error;
    },
  });
  await enqueueAll(queue, jobs);
  await queue.close();
  await connection.quit();
}
