const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * A fixed window of time aligned to the epoch, so days, hours and minutes are UTC
 * days, hours and minutes. Its label goes into the key of everything counted in it:
 * a late give-back can then only ever touch the window it was counted in.
 */
export interface TimeWindow {
  start: number;
  end: number;
  /** `2026-01-02` for a day, `2026-01-02T12` for an hour, `2026-01-02T12:34` for a minute, seconds otherwise. */
  label: string;
}

/** The latest windows asked for: every send asks for the same few (today, yesterday, this hour…), and formatting a date is not free. */
const recent = new Map<string, TimeWindow>();
const RECENT_WINDOWS = 16;

export function windowAt(now: number, sizeMs: number): TimeWindow {
  const start = now - (now % sizeMs);
  const id = `${sizeMs}/${start}`;
  const cached = recent.get(id);
  if (cached) return cached;
  const window = { start, end: start + sizeMs, label: new Date(start).toISOString().slice(0, labelLength(sizeMs)) };
  recent.set(id, window);
  if (recent.size > RECENT_WINDOWS) recent.delete(recent.keys().next().value as string);
  return window;
}

function labelLength(sizeMs: number): number {
  if (sizeMs % DAY_MS === 0) return 10;
  if (sizeMs % HOUR_MS === 0) return 13;
  if (sizeMs % MINUTE_MS === 0) return 16;
  return 19;
}
