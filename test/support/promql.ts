/** Words of PromQL that look like metric names but are not. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan']);

/**
 * The metric names a PromQL expression (or a Grafana query) reads. Enough of PromQL
 * for dashboards and rules: strings, label matchers, ranges, grouping clauses and
 * Grafana variables are dropped first; an identifier followed by "(" is a function.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ')
    // Grafana's label_values(metric, label): the label is not a metric.
    .replace(/\blabel_values\s*\(\s*([\w:]+)\s*,\s*\w+\s*\)/g, '$1');
  const names = [...stripped.matchAll(/(?<![\w.:"])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)]
    .map((match) => match[1] as string)
    .filter((word) => !KEYWORDS.has(word.toLowerCase()));
  return [...new Set(names)];
}

/**
 * Every series name a Prometheus text exposition can produce, from its `# TYPE` lines:
 * a labelled metric shows only those until its first event, but its name exists.
 */
export function exposedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (!name) continue;
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}
