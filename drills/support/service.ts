import { API_ENTRY, freePort, spawnNode, stop, tsEntry, waitForHttp, type Spawned } from '../../bench/support/processes.js';
import { API_KEY_HEADER } from '../settings.js';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

/** The API as `npm start` runs it, on a free port, with `env`. */
export class SpawnedApi {
  readonly process: Spawned;
  readonly base: string;
  readonly #apiKey: string;

  private constructor(process: Spawned, base: string, apiKey: string) {
    this.process = process;
    this.base = base;
    this.#apiKey = apiKey;
  }

  static async start(env: Record<string, string>, apiKey: string): Promise<SpawnedApi> {
    const port = await freePort();
    const child = spawnNode(API_ENTRY, { ...env, HOST: '127.0.0.1', PORT: String(port) });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/`, child);
    return new SpawnedApi(child, base, apiKey);
  }

  /** Sends raw bytes with any content type; answers parse as JSON when they can. */
  async request(method: string, path: string, body?: string, contentType = 'application/json'): Promise<HttpAnswer> {
    const started = performance.now();
    const headers: Record<string, string> = { [API_KEY_HEADER]: this.#apiKey };
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${this.base}${path}`, { method, headers, body, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { unparsed: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed, ms: performance.now() - started };
  }

  send(phone: string): Promise<HttpAnswer> {
    return this.request('POST', '/api/v1/auth/send-otp', JSON.stringify({ phone }));
  }

  alive(): boolean {
    return this.process.child.exitCode === null && this.process.child.signalCode === null;
  }

  stop(): Promise<void> {
    return stop(this.process);
  }
}

/** A drill worker process sending through the collector at `collectorUrl`. */
export async function startDrillWorker(env: Record<string, string>, collectorUrl: string): Promise<Spawned> {
  const worker = spawnNode(tsEntry('drills/support/worker-entry.ts').concat(collectorUrl), env);
  const deadline = Date.now() + 20_000;
  while (!worker.output().includes('drill worker ready')) {
    if (worker.child.exitCode !== null || Date.now() > deadline) throw new Error(`drill worker did not start:\n${worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return worker;
}

/** Runs `task` over `items` with at most `concurrency` in flight, keeping order. */
export async function mapLimit<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
