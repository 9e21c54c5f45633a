#!/usr/bin/env node
// Prints CI's closing line, `tests: N passed, N failed, N skipped`, from the
// runners' own machine-readable output: raw TAP files written by `tap -o`, and
// the JSON report `npm run drills` writes with DRILLS_REPORT. Nothing is typed in.
//
//   node scripts/ci-summary.mjs --tap a.tap [--tap b.tap …] [--drills drills.json]
//
// TAP counts leaf assertions, as tap's own summary does: a subtest's closing
// point is not counted again, unless the subtest failed without a failing
// assertion of its own (a crashed or timed-out file), which counts as one failure.
// A drill counts each of its checks. A report that is missing or unreadable is
// itself one failure, so a runner that never ran cannot pass for a green run.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Parser } from 'tap-parser';

const { values } = parseArgs({ options: { tap: { type: 'string', multiple: true, default: [] }, drills: { type: 'string' } } });

const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of values.tap) add(countTap(file));
if (values.drills) add(countDrills(values.drills));
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;

function add(counts) {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

function countTap(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`ci-summary: cannot read ${file}: ${error.message}`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const root = new Parser();
  let complete = false;
  root.on('complete', () => (complete = true));
  watch(root, counts);
  root.end(text);
  if (!complete || counts.passed + counts.failed + counts.skipped === 0) {
    console.error(`ci-summary: ${file} holds no complete TAP run`);
    counts.failed += 1;
  }
  return counts;
}

/** Counts the leaf points of `parser` and of every subtest below it; returns the failures counted there. */
function watch(parser, counts) {
  const finishedChildren = [];
  let failures = 0;
  parser.on('child', (child) => {
    const seen = watch(child, counts);
    child.on('complete', () => finishedChildren.push(seen));
  });
  parser.on('assert', (point) => {
    const child = finishedChildren.shift();
    if (child !== undefined) {
      // The closing point of a subtest: its assertions were counted already.
      failures += child.failures();
      if (!point.ok && !point.todo && child.failures() === 0) {
        counts.failed += 1;
        failures += 1;
      }
      return;
    }
    if (point.skip || point.todo) counts.skipped += 1;
    else if (point.ok) counts.passed += 1;
    else {
      counts.failed += 1;
      failures += 1;
    }
  });
  return { failures: () => failures };
}

function countDrills(file) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const checks = report.drills.flatMap((drill) => drill.checks);
    const failed = checks.filter((check) => !check.ok).length;
    return { passed: checks.length - failed, failed: failed || (checks.length === 0 ? 1 : 0), skipped: 0 };
  } catch (error) {
    console.error(`ci-summary: cannot read the drills report ${file}: ${error.message}`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
}
