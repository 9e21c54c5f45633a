import { readFileSync, writeFileSync, existsSync } from 'node:fs';

export interface Row {
  /** Row number as the issue counts them; `2a` is an extra reference row. */
  id: string;
  name: string;
  /** req/s for HTTP rows, jobs/s for worker rows. */
  rate: string;
  /** Server CPU per request (HTTP rows). */
  cpu: string;
  p50: string;
  p99: string;
  rss: string;
  /** The figure the target judges, e.g. "31% of baseline". */
  measure: string;
  target: string;
  met: boolean | undefined;
}

const HEADER = ['#', 'Row', 'Rate', 'CPU/req', 'p50', 'p99', 'API RSS', 'Measure', 'Target', 'Met'];

/** The rows as a Markdown table, which reads fine on a terminal too. */
export function table(rows: Row[]): string {
  const lines = rows.map((row) => [
    row.id,
    row.name,
    row.rate,
    row.cpu,
    row.p50,
    row.p99,
    row.rss,
    row.measure,
    row.target,
    row.met === undefined ? '' : row.met ? 'yes' : '**no**',
  ]);
  const all = [HEADER, ...lines];
  const widths = HEADER.map((_, column) => Math.max(...all.map((line) => (line[column] ?? '').length)));
  const render = (line: string[]): string => `| ${line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [render(HEADER), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

const BEGIN = '<!-- bench:begin (written by `npm run bench`; everything outside these markers is kept) -->';
const END = '<!-- bench:end -->';

/** Replaces the generated block of `path`, keeping the hand-written notes around it. */
export function writeGeneratedBlock(path: string, block: string): void {
  const generated = `${BEGIN}\n${block}\n${END}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const start = current.indexOf(BEGIN);
  const stop = current.indexOf(END);
  const next = start >= 0 && stop > start ? current.slice(0, start) + generated + current.slice(stop + END.length) : `${current.trimEnd()}\n\n${generated}\n`;
  writeFileSync(path, next);
}

export const ms = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
export const mb = (value: number): string => `${value.toFixed(0)} MB`;
export const perSecond = (value: number, unit: string): string => `${Math.round(value).toLocaleString('en-US')} ${unit}/s`;
export const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;
