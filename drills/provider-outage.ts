import { createRedisNamespace } from '@otp/testkit';
import { distinctIndianMobiles } from '../bench/support/phones.js';
import { sleep, stop } from '../bench/support/processes.js';
import { DRILLS, RETRY_ENV, SHORT_TTL_SECONDS, drillApiKey, drillEnv } from './settings.js';
import { check, type DrillResult } from './support/drill-result.js';
import { jobAttempts } from './support/job-ledger.js';
import { settle, tally } from './support/outcomes.js';
import { SpawnedApi, mapLimit, startDrillWorker } from './support/service.js';
import { SmsCollector } from './support/sms-collector.js';

interface Sent {
  requestId: string;
  /** Taken before the request, so it is never later than the code's real expiry. */
  expiresAt: number;
}

async function sendBatch(api: SpawnedApi, count: number): Promise<Sent[]> {
  const sent = await mapLimit(distinctIndianMobiles(count), 10, async (phone) => {
    const askedAt = Date.now();
    const answer = await api.send(phone);
    const requestId = answer.status === 202 ? answer.body.requestId : undefined;
    return typeof requestId === 'string' ? { requestId, expiresAt: askedAt + SHORT_TTL_SECONDS * 1000 } : undefined;
  });
  return sent.filter((entry): entry is Sent => entry !== undefined);
}

/**
 * The provider refuses every call for 30 s, then recovers. Codes asked for as the
 * outage starts expire during it; codes asked for late in it are still valid after.
 * With retries, the valid ones must arrive after recovery and the expired ones must
 * be recorded as skipped; in every build, nothing may be sent after its code expired.
 */
export async function providerOutageDrill(): Promise<DrillResult> {
  const started = performance.now();
  const settings = DRILLS.outage;
  const ns = await createRedisNamespace();
  const apiKey = drillApiKey();
  const env = drillEnv(ns, apiKey, { ...RETRY_ENV, OTP_TTL_SECONDS: String(SHORT_TTL_SECONDS) });
  const collector = new SmsCollector();
  const collectorUrl = await collector.start();
  const api = await SpawnedApi.start(env, apiKey);
  const worker = await startDrillWorker(env, collectorUrl);
  try {
    collector.failing = true;
    const outageStart = Date.now();
    const early = await sendBatch(api, settings.earlySends);
    const attempts = early[0] ? await jobAttempts(ns.redis, ns.queuePrefix, early[0].requestId) : 1;
    await sleep(settings.lateSendAtMs - (Date.now() - outageStart));
    const late = await sendBatch(api, settings.lateSends);
    await sleep(settings.outageMs - (Date.now() - outageStart));
    collector.failing = false;
    const recoveredAt = Date.now();
    const refusedDuringOutage = collector.refused;

    const all = [...early, ...late];
    const histories = await settle(ns.redis, ns.queuePrefix, all.map((sent) => sent.requestId), settings.settleMs);
    const earlyOutcome = tally(early.map((sent) => sent.requestId), collector, histories);
    const lateOutcome = tally(late.map((sent) => sent.requestId), collector, histories);
    const expiresAt = new Map(all.map((sent) => [sent.requestId, sent.expiresAt]));
    const sentLate = collector.accepted.filter((sms) => sms.at > (expiresAt.get(sms.requestId) ?? Infinity)).length;
    const lateDeliveredAfterRecovery = collector.accepted.filter((sms) => sms.at >= recoveredAt && late.some((sent) => sent.requestId === sms.requestId)).length;

    const describe = (label: string, outcome: ReturnType<typeof tally>): string =>
      `${label}: ${outcome.delivered} delivered, ${outcome.skipped} skipped, ${outcome.failed} failed, ${outcome.lost} lost`;
    return {
      name: `Provider outage (100% failures for ${settings.outageMs / 1000} s, code TTL ${SHORT_TTL_SECONDS} s)`,
      checks: [
        check('every send-otp answered 202 during the outage', all.length === settings.earlySends + settings.lateSends, `${all.length}/${settings.earlySends + settings.lateSends}`),
        check('nothing sent after its code expired', sentLate === 0, `${sentLate} late sends`),
        check(
          'codes still valid at recovery are delivered after it',
          lateDeliveredAfterRecovery === late.length && lateOutcome.duplicates === 0,
          `${lateDeliveredAfterRecovery}/${late.length} delivered after recovery`,
        ),
        check('codes that expired during the outage are recorded as skipped', earlyOutcome.skipped === early.length, `${earlyOutcome.skipped}/${early.length} skipped`),
        check('no request lost', earlyOutcome.lost + lateOutcome.lost === 0, `${earlyOutcome.lost + lateOutcome.lost} lost`),
      ],
      figures: [
        `job attempts: ${attempts}; provider refused ${refusedDuringOutage} calls during the outage`,
        describe(`asked at the start (expired at ${SHORT_TTL_SECONDS} s)`, earlyOutcome),
        describe(`asked at ${settings.lateSendAtMs / 1000} s (valid after recovery)`, lateOutcome),
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await stop(worker);
    await api.stop();
    await collector.close();
    await ns.cleanup();
  }
}
