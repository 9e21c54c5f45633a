import type { ServerResponse } from 'node:http';
import { ScriptedHttpFake, type RecordedRequest, type ScriptedCall } from './scripted-http-fake.js';

/**
 * An app's webhook endpoint on localhost: answers 204 unless a call is
 * scripted to fail (`error` answers its status) or to hang, and keeps every
 * delivery with its headers and raw body for signature checks.
 */
export class FakeWebhookReceiver extends ScriptedHttpFake {
  constructor(defaultLatencyMs?: number) {
    super(defaultLatencyMs);
  }

  /** The events received, as parsed bodies, in arrival order. */
  get events(): Array<Record<string, unknown>> {
    return this.requests.map((request) => JSON.parse(request.body) as Record<string, unknown>);
  }

  protected respond(_request: RecordedRequest, call: Exclude<ScriptedCall, { kind: 'hang' }>, res: ServerResponse): void {
    if (call.kind === 'error') return ScriptedHttpFake.json(res, call.status, { error: call.message ?? 'scripted failure' });
    res.writeHead(204).end();
  }
}
