import { SMS_QUEUE_NAME } from '@otp/queue';
import { closeRedis, createRedis } from '@otp/redis';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { TEST_REDIS_URL } from './redis-namespace.js';

/**
 * Ends the send jobs `ids` without sending anything: a bare BullMQ worker
 * completes the ones in `outcomes.completed` and fails the ones in
 * `outcomes.failed` for good, so a test can show the dashboard jobs in those states.
 */
export async function settleSendJobs(queuePrefix: string, outcomes: { completed: string[]; failed: string[] }): Promise<void> {
  const connection = createRedis({ url: TEST_REDIS_URL, role: 'blocking', connectionName: 'test-settle-jobs' });
  const queue = new Queue(SMS_QUEUE_NAME, { connection, prefix: queuePrefix });
  const worker = new Worker(
    SMS_QUEUE_NAME,
    async (job) => {
      if (outcomes.failed.includes(job.id ?? '')) throw new UnrecoverableError('failed by the test');
      return { status: 'sent' };
    },
    { connection, prefix: queuePrefix },
  );
  try {
    const settled = async (ids: string[], state: string) => (await Promise.all(ids.map((id) => queue.getJobState(id)))).every((s) => s === state);
    const deadline = Date.now() + 10_000;
    while (!((await settled(outcomes.completed, 'completed')) && (await settled(outcomes.failed, 'failed')))) {
      if (Date.now() > deadline) throw new Error('the send jobs did not settle within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    await worker.close();
    await queue.close();
    await closeRedis(connection);
  }
}
