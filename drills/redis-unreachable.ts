import { createRedisNamespace, TEST_REDIS_URL } from '@otp/testkit';
import { randomIndianMobile } from '../bench/support/phones.js';
import { freePort, sleep } from '../bench/support/processes.js';
import { DRILLS, drillApiKey, drillEnv } from './settings.js';
import { check, type Check, type DrillResult } from './support/drill-result.js';
import { SpawnedApi, type HttpAnswer } from './support/service.js';
import { TcpProxy } from './support/tcp-proxy.js';

const READY_PATH = '/health/ready';
const PROBES = 5;

/** Several send-otp and verify-otp calls while Redis is gone: each must be a quick 503 SERVICE_UNAVAILABLE. */
async function probeOutage(api: SpawnedApi): Promise<{ answers: HttpAnswer[]; slowestMs: number; allUnavailable: boolean }> {
  const answers: HttpAnswer[] = [];
  for (let i = 0; i < PROBES; i++) {
    answers.push(await api.send(randomIndianMobile()));
    answers.push(await api.request('POST', '/api/v1/auth/verify-otp', JSON.stringify({ phone: randomIndianMobile(), otp: '123456' })));
  }
  return {
    answers,
    slowestMs: Math.max(...answers.map((answer) => answer.ms)),
    allUnavailable: answers.every((answer) => answer.status === 503 && answer.body.code === 'SERVICE_UNAVAILABLE'),
  };
}

function readinessCheck(claim: string, answer: HttpAnswer, expected: number): Check {
  return check(claim, answer.status === expected, `${READY_PATH} answered ${answer.status}`);
}

function summary(answers: HttpAnswer[]): string {
  const codes = new Map<string, number>();
  for (const answer of answers) {
    const key = `${answer.status} ${String(answer.body.code ?? '')}`.trim();
    codes.set(key, (codes.get(key) ?? 0) + 1);
  }
  return [...codes].map(([key, count]) => `${key} ×${count}`).join(', ');
}

/**
 * Part 1: a fresh API pointed at a port where nothing listens. Part 2: an API
 * behind a TCP proxy the drill cuts and restores. The shared Redis is never touched.
 */
export async function redisUnreachableDrill(): Promise<DrillResult> {
  const started = performance.now();
  const ns = await createRedisNamespace();
  const apiKey = drillApiKey();
  const target = new URL(TEST_REDIS_URL);
  const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
  const proxyPort = await proxy.start();
  const deadUrl = `redis://127.0.0.1:${await freePort()}`;
  const apis: SpawnedApi[] = [];
  try {
    const fresh = await SpawnedApi.start(drillEnv(ns, apiKey, { REDIS_URL: deadUrl }), apiKey);
    apis.push(fresh);
    const deadProbe = await probeOutage(fresh);
    const deadReady = await fresh.request('GET', READY_PATH);

    const proxied = await SpawnedApi.start(drillEnv(ns, apiKey, { REDIS_URL: `redis://127.0.0.1:${proxyPort}${target.pathname}` }), apiKey);
    apis.push(proxied);
    await sleep(300);
    const healthy = await proxied.send(randomIndianMobile());
    const healthyReady = await proxied.request('GET', READY_PATH);
    proxy.cut();
    const cutProbe = await probeOutage(proxied);
    const cutReady = await proxied.request('GET', READY_PATH);
    proxy.restore();
    const restoredAt = performance.now();
    let recovered: HttpAnswer | undefined;
    while (performance.now() - restoredAt < DRILLS.redis.recoverWithinMs) {
      const answer = await proxied.send(randomIndianMobile());
      if (answer.status === 202) {
        recovered = answer;
        break;
      }
      await sleep(100);
    }
    const recoveryMs = performance.now() - restoredAt;
    const recoveredReady = await proxied.request('GET', READY_PATH);
    const within = DRILLS.redis.answerWithinMs;

    return {
      name: 'Redis unreachable (dead port; proxy cut and restored)',
      checks: [
        check(`fresh API on a dead Redis port: every call 503 SERVICE_UNAVAILABLE within ${within} ms`, deadProbe.allUnavailable && deadProbe.slowestMs <= within, `${summary(deadProbe.answers)}; slowest ${deadProbe.slowestMs.toFixed(0)} ms`),
        readinessCheck('fresh API on a dead Redis port: readiness 503', deadReady, 503),
        check('through the proxy, before the cut: send-otp 202', healthy.status === 202, `${healthy.status}`),
        readinessCheck('before the cut: readiness 200', healthyReady, 200),
        check(`Redis cut: every call 503 SERVICE_UNAVAILABLE within ${within} ms`, cutProbe.allUnavailable && cutProbe.slowestMs <= within, `${summary(cutProbe.answers)}; slowest ${cutProbe.slowestMs.toFixed(0)} ms`),
        readinessCheck('Redis cut: readiness 503', cutReady, 503),
        check(`Redis back: send-otp 202 again by itself within ${DRILLS.redis.recoverWithinMs / 1000} s`, recovered !== undefined, `recovered after ${recoveryMs.toFixed(0)} ms`),
        readinessCheck('Redis back: readiness 200', recoveredReady, 200),
        check('both APIs still running', apis.every((api) => api.alive()), apis.map((api) => (api.alive() ? 'up' : 'exited')).join(', ')),
      ],
      figures: [
        `dead port: slowest answer ${deadProbe.slowestMs.toFixed(0)} ms over ${deadProbe.answers.length} calls`,
        `proxy cut: slowest answer ${cutProbe.slowestMs.toFixed(0)} ms over ${cutProbe.answers.length} calls; recovered ${recoveryMs.toFixed(0)} ms after the proxy came back`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const api of apis) await api.stop();
    await proxy.close();
    await ns.cleanup();
  }
}
