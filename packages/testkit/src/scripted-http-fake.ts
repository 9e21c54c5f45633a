import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one call. Unscripted calls are accepted. */
export type ScriptedCall =
  | { kind: 'accept'; latencyMs?: number }
  /** Answers `status` with the provider's error body; `code` is the provider's error code. */
  | { kind: 'error'; status: number; code?: number; message?: string; latencyMs?: number }
  /** Never answers: the caller's timeout must fire. */
  | { kind: 'hang' };

/** One request as the fake received it, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Decoded Basic auth, when sent. */
  basicAuth?: { username: string; password: string };
  /** The raw body. */
  body: string;
  /** The body decoded as application/x-www-form-urlencoded. */
  form: Record<string, string>;
  receivedAt: number;
}

/**
 * A local HTTP server on 127.0.0.1 that plays a provider's API, call by call as
 * a test scripts it, and records every request. Subclasses speak the wire
 * format; this class does the scripting, the latency, the hanging and the
 * bookkeeping (requests received, requests still open).
 */
export abstract class ScriptedHttpFake {
  readonly requests: RecordedRequest[] = [];
  readonly #script: ScriptedCall[] = [];
  readonly #server: Server;
  readonly #waiters = new Set<() => void>();
  readonly #defaultLatencyMs: number;
  #inFlight = 0;

  protected constructor(defaultLatencyMs = 0) {
    this.#defaultLatencyMs = defaultLatencyMs;
    this.#server = createServer((req, res) => void this.#receive(req, res));
  }

  /** Listens on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** e.g. http://127.0.0.1:54321 */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Requests received and not answered yet. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Queues behaviours for the next calls, in order. */
  script(...calls: ScriptedCall[]): this {
    this.#script.push(...calls);
    return this;
  }

  /** Resolves once `condition` holds, re-checked on every request and answer. */
  async waitUntil(condition: (fake: this) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
    if (condition(this)) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!condition(this)) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`${what} not reached within ${timeoutMs} ms (${this.requests.length} requests, ${this.#inFlight} open)`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Answers one call in the provider's wire format. */
  protected abstract respond(request: RecordedRequest, call: Exclude<ScriptedCall, { kind: 'hang' }>, res: ServerResponse): void;

  protected static json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }

  async #receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = record(req, Buffer.concat(chunks).toString('utf8'));
    this.requests.push(request);
    this.#inFlight += 1;
    res.on('close', () => {
      this.#inFlight -= 1;
      this.#notify();
    });
    this.#notify();
    const call = this.#script.shift() ?? { kind: 'accept' };
    if (call.kind === 'hang') return;
    const latencyMs = call.latencyMs ?? this.#defaultLatencyMs;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (!res.destroyed) this.respond(request, call, res);
  }

  #notify(): void {
    for (const waiter of this.#waiters) waiter();
  }
}

function record(req: IncomingMessage, body: string): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://fake');
  const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const [username = '', ...rest] = auth ? Buffer.from(auth, 'base64').toString('utf8').split(':') : [];
  const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    ...(auth ? { basicAuth: { username, password: rest.join(':') } } : {}),
    body,
    form: isForm ? Object.fromEntries(new URLSearchParams(body)) : {},
    receivedAt: Date.now(),
  };
}
