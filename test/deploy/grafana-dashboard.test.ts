import { readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { exposedNames, metricNames } from '../support/promql.js';
import { serveWorkerHealth, startService } from '../support/service.js';

/**
 * deploy/grafana/otp-relay.json and deploy/prometheus/alerts.yml may only query metrics
 * the API or the worker really serve: a renamed metric must break this test, not a
 * dashboard panel in production that silently shows "No data".
 */
const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
/** Series Prometheus itself adds for every target. */
const SCRAPE_SERIES = new Set(['up']);

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { expr: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { type: string; name: string; query: string | { query: string } }[] };
}
interface RuleGroups {
  groups: { rules: ({ record: string; expr: string } | { alert: string; expr: string })[] }[];
}

const dashboard = JSON.parse(read('deploy/grafana/otp-relay.json')) as Dashboard;
const rules = (parse(read('deploy/prometheus/alerts.yml')) as RuleGroups).groups.flatMap((group) => group.rules);

t.test('the PromQL name extraction finds metrics and nothing else', async (t) => {
  t.same(
    metricNames('sum by (provider, le) (rate(otp_a_bucket{outcome="error", x=~"a|b"}[$__rate_interval])) / on() group_left max(otp_b) > 1e-9 and otp_c offset 1d'),
    ['otp_a_bucket', 'otp_b', 'otp_c'],
  );
  t.same(metricNames('label_values(otp_otp_requested_total, country)'), ['otp_otp_requested_total']);
  t.same(metricNames('histogram_quantile(0.95, sum by (le) (rate(x:y:z[5m])))'), ['x:y:z']);
});

t.test('the dashboard: unique panel ids, a Prometheus data source variable, a query on every graph', async (t) => {
  t.equal(dashboard.uid, 'otp-relay');
  const ids = dashboard.panels.map((panel) => panel.id);
  t.equal(new Set(ids).size, ids.length, 'panel ids are unique');
  t.ok(dashboard.templating.list.some((variable) => variable.type === 'datasource' && variable.query === 'prometheus'));
  for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
    t.equal(panel.datasource?.uid, '${datasource}', `${panel.title}: uses the data source variable`);
    t.ok((panel.targets ?? []).length > 0, `${panel.title}: has a query`);
    t.ok(panel.gridPos.x + panel.gridPos.w <= 24, `${panel.title}: fits the 24-column grid`);
  }
});

t.test('every metric the dashboard and the alert rules query is in the API’s or the worker’s /metrics', async (t) => {
  const service = await startService(t);
  const health = await serveWorkerHealth(t, service);
  const api = (await service.api.app.inject({ url: '/metrics' })).body;
  const worker = await (await fetch(`http://127.0.0.1:${health.port}/metrics`)).text();
  const served = new Set([...exposedNames(api), ...exposedNames(worker), ...SCRAPE_SERIES]);
  t.ok(served.has('otp_sms_sent_total') && served.has('otp_http_request_duration_seconds_bucket'), `${served.size} series names served`);

  const recorded = new Set(rules.flatMap((rule) => ('record' in rule ? [rule.record] : [])));
  const queries = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr }))),
    ...dashboard.templating.list
      .filter((variable) => variable.type === 'query')
      .map((variable) => ({ where: `variable $${variable.name}`, expr: typeof variable.query === 'string' ? variable.query : variable.query.query })),
    ...rules.map((rule) => ({ where: 'record' in rule ? `recording rule ${rule.record}` : `alert ${rule.alert}`, expr: rule.expr })),
  ];
  let checked = 0;
  for (const { where, expr } of queries) {
    const names = metricNames(expr);
    t.ok(names.length > 0, `${where} queries a metric`);
    for (const name of names) {
      checked++;
      t.ok(served.has(name) || recorded.has(name), `${where}: ${name} exists`);
    }
  }
  t.comment(`${queries.length} queries, ${checked} metric references checked against ${served.size} served series names`);
});
