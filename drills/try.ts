import { workerCrashDrill, gracefulStopDrill } from './worker-crash.js';
const which = process.argv[2];
console.log(JSON.stringify(which === 'crash' ? await workerCrashDrill() : await gracefulStopDrill(), null, 1));
