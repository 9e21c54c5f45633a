/** One claim a drill checks. `undefined` means the build cannot show it yet (reported, not failed). */
export interface Check {
  claim: string;
  ok: boolean | undefined;
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
  return result.checks.every((check) => check.ok !== false);
}

export function check(claim: string, ok: boolean | undefined, detail: string): Check {
  return { claim, ok, detail };
}
