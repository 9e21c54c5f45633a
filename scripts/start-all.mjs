#!/usr/bin/env node
// `npm start`: runs the API and the worker side by side, so a newcomer needs one
// terminal. Each line is prefixed with its process; Ctrl-C stops both gracefully.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseEnv } from 'node:util';
import { prettyFactory } from 'pino-pretty';

// The children write JSON into pipes; on a developer's terminal this launcher makes it readable,
// as each process does itself when started alone (prettyLogsWanted in @otp/observability).
const nodeEnv = process.env.NODE_ENV || (existsSync('.env') ? parseEnv(readFileSync('.env', 'utf8')).NODE_ENV : undefined) || 'development';
const format = nodeEnv === 'development' && process.stdout.isTTY
  ? prettyFactory({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' })
  : (line) => line;

// The API's live heap is about 30 MB, but V8 lets an idle-collected heap grow to 150+ MB
// of RSS under load; these caps make it collect sooner (docs/BENCHMARKS.md, row 7).
const API_HEAP_FLAGS = ['--max-semi-space-size=4', '--max-old-space-size=128'];

const processes = [
  ['api', [...API_HEAP_FLAGS, 'apps/api/dist/main.js']],
  ['worker', ['apps/worker/dist/main.js']],
].map(([name, args]) => {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    // pino-pretty passes lines that are not JSON (the development provider's SMS) through as they are.
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${format(line).trimEnd()}`));
  }
  child.on('exit', (code, signal) => {
    console.log(`[${name}] exited (${signal ?? code})`);
    // One half without the other is not a working service: stop everything.
    stopAll(signal ? 'SIGTERM' : code ?? 1);
  });
  return child;
});

let stopping = false;
function stopAll(reason) {
  if (stopping) return;
  stopping = true;
  process.exitCode = typeof reason === 'number' ? reason : 0;
  for (const child of processes) if (child.exitCode === null) child.kill('SIGTERM');
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
