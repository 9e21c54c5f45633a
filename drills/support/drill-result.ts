/** One claim a drill checks. */
export interface Check {
  claim: string;
  ok: boolean;
  detail: string;
}

export interface DrillResult {
  name: string;
  checks: Check[];
  /** Figures worth printing even when every check passes. */
  figures: string[];
  seconds: number;
}

export function passed(result: DrillResult): boolean {
  return result.checks.every((check) => check.ok);
}

export function check(claim: string, ok: boolean, detail: string): Check {
  return { claim, ok, detail };
}
