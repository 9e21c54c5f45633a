/**
 * `npm run drills`: reliability drills against real processes (spawned API and
 * worker, the shared Redis on private prefixes). Prints pass or fail with figures
 * and exits non-zero when any check fails.
 * With DRILLS_REPORT=<file>, the results are also written there as JSON, for CI's closing line.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { malformedInputDrill } from './malformed-input.js';
import { providerOutageDrill } from './provider-outage.js';
import { redisUnreachableDrill } from './redis-unreachable.js';
import { passed, type DrillResult } from './support/drill-result.js';
import { gracefulStopDrill, workerCrashDrill } from './worker-crash.js';

function render(result: DrillResult): string {
  const lines = [`${passed(result) ? 'PASS' : 'FAIL'}  ${result.name}  (${result.seconds.toFixed(1)} s)`];
  for (const check of result.checks) {
    const mark = check.ok ? 'ok  ' : 'FAIL';
    lines.push(`      ${mark} ${check.claim}: ${check.detail}`);
  }
  for (const figure of result.figures) lines.push(`      ·    ${figure}`);
  return lines.join('\n');
}

async function guarded(name: string, drill: () => Promise<DrillResult>): Promise<DrillResult> {
  const started = performance.now();
  try {
    return await drill();
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { name, checks: [{ claim: 'the drill ran to the end', ok: false, detail }], figures: [], seconds: (performance.now() - started) / 1000 };
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`OTP Relay drills ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} CPUs; spawned API and worker processes, shared Redis on private prefixes\n`);
  // The outage drill mostly waits out its 30 s outage, so it runs beside the others to keep the whole run short.
  const outage = guarded('Provider outage', providerOutageDrill);
  const sequential: DrillResult[] = [];
  for (const [name, drill] of [
    ['Worker crash', workerCrashDrill],
    ['Graceful stop', gracefulStopDrill],
    ['Redis unreachable', redisUnreachableDrill],
    ['Malformed input', () => malformedInputDrill()],
  ] as const) {
    const result = await guarded(name, drill);
    console.log(`${render(result)}\n`);
    sequential.push(result);
  }
  const outageResult = await outage;
  console.log(`${render(outageResult)}\n`);

  const results = [...sequential, outageResult];
  const failed = results.filter((result) => !passed(result)).length;
  console.log(`${results.length} drills in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`drills: ${results.length - failed} passed, ${failed} failed`);
  if (process.env.DRILLS_REPORT) writeFileSync(process.env.DRILLS_REPORT, JSON.stringify({ drills: results }, null, 2));
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
