import { createRedisNamespace } from '@otp/testkit';
import fc from 'fast-check';
import { API_KEY_HEADER, DRILLS, drillApiKey, drillEnv } from './settings.js';
import { badRequest, type BadRequest } from './support/bad-requests.js';
import { check, type DrillResult } from './support/drill-result.js';
import { SpawnedApi } from './support/service.js';

interface Answer {
  status: number;
  text: string;
}

/** The error shape every refusal carries: `{statusCode, code, message, details?}`, status matching. */
function hasErrorShape(answer: Answer): boolean {
  try {
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    return body.statusCode === answer.status && typeof body.code === 'string' && /^[A-Z][A-Z_]+$/.test(body.code) && typeof body.message === 'string';
  } catch {
    return false;
  }
}

async function send(api: SpawnedApi, apiKey: string, request: BadRequest): Promise<Answer> {
  const headers: Record<string, string> = { [API_KEY_HEADER]: apiKey };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  const response = await fetch(`${api.base}${request.path}`, {
    method: request.method,
    headers,
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * At least 2 000 generated bad requests (fast-check, fixed seed printed for replay):
 * no 5xx, no crash, and every refusal in the common error shape.
 */
export async function malformedInputDrill(seed = Date.now() % 2 ** 31): Promise<DrillResult> {
  const started = performance.now();
  const ns = await createRedisNamespace();
  const apiKey = drillApiKey();
  const api = await SpawnedApi.start(drillEnv(ns, apiKey), apiKey);
  const byStatus = new Map<number, number>();
  const byKind = new Map<string, number>();
  const accepted: string[] = [];
  let sent = 0;
  let counterexample = '';
  try {
    const property = fc.asyncProperty(badRequest, async (request) => {
      const answer = await send(api, apiKey, request);
      sent += 1;
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      byKind.set(request.kind, (byKind.get(request.kind) ?? 0) + 1);
      // Not a failure, but worth seeing: input the API judged valid after all.
      if (answer.status < 300 && accepted.length < 3) accepted.push(`${request.kind}: ${JSON.stringify(request.body)}`);
      if (answer.status >= 500) throw new Error(`answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      if (answer.status >= 400 && !hasErrorShape(answer)) throw new Error(`answered ${answer.status} without the error shape: ${answer.text.slice(0, 200)}`);
    });
    const details = await fc.check(property, { numRuns: DRILLS.malformed.requests, seed, endOnFailure: false });
    if (details.failed) {
      const request = details.counterexample?.[0];
      counterexample = `${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)} for ${request ? `${request.kind}: ${request.method} ${request.path} (${request.contentType ?? 'no content type'}) ${String(request.body).slice(0, 120)}` : '?'}`;
    }
    const fiveHundreds = [...byStatus].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
    return {
      name: `Malformed input (${DRILLS.malformed.requests} generated requests, fast-check seed ${seed})`,
      checks: [
        check(`at least ${DRILLS.malformed.requests} generated requests answered`, details.numRuns >= DRILLS.malformed.requests || details.failed, `${sent} sent`),
        check('zero 5xx answers; every refusal carries {statusCode, code, message}', !details.failed && fiveHundreds === 0, counterexample || `${fiveHundreds} 5xx`),
        check('the API is still running', api.alive(), api.alive() ? 'up' : `exited:\n${api.process.output().slice(-500)}`),
      ],
      figures: [
        `answers: ${[...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(', ')}`,
        ...(accepted.length > 0 ? [`accepted as valid, e.g. ${accepted.join('; ')}`] : []),
        `kinds: ${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')}`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await api.stop();
    await ns.cleanup();
  }
}
