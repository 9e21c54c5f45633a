import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Answers by HTTP status, e.g. {202: 31000}. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

export interface LoadSettings {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Builds each request's JSON body, so every request can carry a fresh phone. */
  body: () => unknown;
}

/** Runs autocannon in this process against one POST endpoint. */
export async function runLoad(settings: LoadSettings): Promise<LoadResult> {
  const result = await autocannon({
    url: settings.url,
    connections: settings.connections,
    duration: settings.durationSeconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...settings.headers },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(settings.body()) }),
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = count ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
