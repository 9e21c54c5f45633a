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
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
