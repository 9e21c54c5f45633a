/** One dependency a process needs to do its work, e.g. "redis" → PING. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'up' | 'down'>;
}

/**
 * Runs every check in parallel, each bounded by `timeoutMs`, so a dead dependency
 * makes the probe answer "not ready" quickly instead of hanging the orchestrator.
 */
export async function checkReadiness(checks: Record<string, ReadinessCheck>, timeoutMs = 1000): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, (await passes(check, timeoutMs)) ? 'up' : 'down'] as const),
  );
  return { ready: entries.every(([, state]) => state === 'up'), checks: Object.fromEntries(entries) };
}

async function passes(check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  return (await settleWithin(Promise.resolve().then(check).then(() => true), timeoutMs)) ?? false;
}

/**
 * The value of `work`, or undefined when it fails or takes longer than `timeoutMs`.
 * For Redis reads a scrape or a probe makes: a client that never connected waits forever.
 */
export async function settleWithin<T>(work: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
