#!/usr/bin/env node
// `npm start`: runs the API and the worker side by side, so a newcomer needs one
// terminal. Each line is prefixed with its process; Ctrl-C stops both gracefully.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const processes = [
  ['api', 'apps/api/dist/main.js'],
  ['worker', 'apps/worker/dist/main.js'],
].map(([name, entry]) => {
  const child = spawn(process.execPath, [entry], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
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
