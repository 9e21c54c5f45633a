import { createRedisNamespace } from '@otp/testkit';
import { distinctIndianMobiles } from '../bench/support/phones.js';
import { stop, waitUntil } from '../bench/support/processes.js';
import { DRILLS, STALL_ENV, drillApiKey, drillEnv } from './settings.js';
import { check, type DrillResult } from './support/drill-result.js';
import { settle, tally } from './support/outcomes.js';
import { SpawnedApi, mapLimit, startDrillWorker } from './support/service.js';
import { SmsCollector } from './support/sms-collector.js';

type Stopping = 'SIGKILL' | 'SIGTERM';

/**
 * Sends a batch through the real API, stops the worker mid-batch with `signal`,
 * starts a new one, and accounts for every request: delivered, skipped, failed or lost.
 */
async function interruptedBatch(name: string, signal: Stopping, settings: { sends: number; providerLatencyMs: number; concurrency: number; stopAt: number }): Promise<DrillResult> {
  const started = performance.now();
  const ns = await createRedisNamespace();
  const apiKey = drillApiKey();
  const env = drillEnv(ns, apiKey, { ...STALL_ENV, WORKER_CONCURRENCY: String(settings.concurrency) });
  const collector = new SmsCollector();
  collector.latencyMs = settings.providerLatencyMs;
  const collectorUrl = await collector.start();
  const api = await SpawnedApi.start(env, apiKey);
  let worker = await startDrillWorker(env, collectorUrl);
  try {
    const sending = mapLimit(distinctIndianMobiles(settings.sends), 20, (phone) => api.send(phone));
    await waitUntil(() => collector.accepted.length >= settings.stopAt, `${settings.stopAt} deliveries`, 60_000, 5);
    const deliveredAtStop = collector.accepted.length;
    worker.child.kill(signal);
    const exit = await worker.exited;
    const stoppedAfter = collector.accepted.length;
    const answers = await sending;
    const requestIds = answers.map((answer) => answer.body.requestId).filter((id): id is string => typeof id === 'string');

    const restartedAt = performance.now();
    worker = await startDrillWorker(env, collectorUrl);
    const histories = await settle(ns.redis, ns.queuePrefix, requestIds, 75_000);
    const recoverySeconds = (performance.now() - restartedAt) / 1000;
    const outcome = tally(requestIds, collector, histories);

    const accepted = answers.filter((answer) => answer.status === 202).length;
    const figures = [
      `${accepted}/${settings.sends} sends accepted (202); worker ${signal === 'SIGKILL' ? 'killed (kill -9)' : 'sent SIGTERM'} after ${deliveredAtStop} deliveries; ` +
        `it exited with ${exit.signal ?? `code ${exit.code}`} having delivered ${stoppedAfter}`,
      `new worker finished the rest in ${recoverySeconds.toFixed(1)} s: ${outcome.delivered} delivered, ${outcome.skipped} skipped as stale, ` +
        `${outcome.failed} failed, ${outcome.lost} lost, ${outcome.duplicates} duplicate sends, ${outcome.stalled} stalled jobs recovered`,
    ];
    const checks = [
      check('every send-otp answered 202', accepted === settings.sends, `${accepted}/${settings.sends}`),
      check('every request delivered or skipped as stale; none lost', outcome.lost === 0 && outcome.failed === 0 && outcome.delivered + outcome.skipped === requestIds.length, `${outcome.lost} lost, ${outcome.failed} failed`),
    ];
    if (signal === 'SIGKILL') {
      // Only the sends in flight at the kill can repeat: the provider took them, the dead worker never recorded it.
      checks.push(check('duplicates rare: at most the jobs in flight at the kill', outcome.duplicates <= settings.concurrency, `${outcome.duplicates} duplicates, concurrency ${settings.concurrency}`));
    } else {
      checks.push(check('nothing sent twice', outcome.duplicates === 0, `${outcome.duplicates} duplicates`));
      checks.push(check('the worker finished its in-flight sends and exited cleanly', exit.code === 0 && outcome.stalled === 0, `exit ${exit.signal ?? exit.code}, ${outcome.stalled} stalled`));
    }
    return { name, checks, figures, seconds: (performance.now() - started) / 1000 };
  } finally {
    await stop(worker);
    await api.stop();
    await collector.close();
    await ns.cleanup();
  }
}

export function workerCrashDrill(): Promise<DrillResult> {
  const { sends, providerLatencyMs, concurrency, killAfterDelivered } = DRILLS.crash;
  return interruptedBatch('Worker crash (kill -9 mid-batch)', 'SIGKILL', { sends, providerLatencyMs, concurrency, stopAt: killAfterDelivered });
}

export function gracefulStopDrill(): Promise<DrillResult> {
  const { sends, providerLatencyMs, concurrency, stopAfterDelivered } = DRILLS.graceful;
  return interruptedBatch('Graceful stop (SIGTERM mid-batch)', 'SIGTERM', { sends, providerLatencyMs, concurrency, stopAt: stopAfterDelivered });
}
