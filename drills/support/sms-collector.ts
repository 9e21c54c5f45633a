import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One SMS as the drill worker's CollectorProvider posts it. */
export interface CollectedSms {
  requestId: string;
  to: string;
  /** Epoch ms at which the collector accepted it. */
  at: number;
}

/**
 * The far end of the drills' fake provider: an HTTP server on 127.0.0.1 that the
 * worker process posts each SMS to. The drill decides how long it takes and
 * whether it fails, and reads back what was accepted, per request id.
 */
export class SmsCollector {
  latencyMs = 0;
  /** While true every call is refused with 503, like a provider outage. */
  failing = false;
  readonly accepted: CollectedSms[] = [];
  refused = 0;
  readonly #server: Server;

  constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        setTimeout(() => {
          if (this.failing) {
            this.refused += 1;
            response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"outage"}');
            return;
          }
          const sms = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<CollectedSms, 'at'>;
          this.accepted.push({ requestId: sms.requestId, to: sms.to, at: Date.now() });
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `drill-${this.accepted.length}` }));
        }, this.latencyMs);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/sms`;
  }

  /** How many times each request id was accepted. */
  countsByRequest(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const sms of this.accepted) counts.set(sms.requestId, (counts.get(sms.requestId) ?? 0) + 1);
    return counts;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
