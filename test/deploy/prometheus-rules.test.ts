import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ensureDebianTool } from '@otp/testkit';
import t from 'tap';
import { isMap, isSeq, parse, parseDocument, type YAMLMap } from 'yaml';

/**
 * deploy/prometheus/alerts.yml is checked by Prometheus's own tool: `promtool check`
 * for syntax and `promtool test rules` for its unit tests (deploy/prometheus/alerts.test.yml).
 */
const DIR = new URL('../../deploy/prometheus/', import.meta.url).pathname;
const promtool = ensureDebianTool('promtool', 'prometheus');

interface AlertTest {
  alertname: string;
  exp_alerts?: unknown[];
}

const alertNodes = (): YAMLMap[] => {
  const groups = parseDocument(readFileSync(`${DIR}alerts.yml`, 'utf8')).get('groups');
  if (!isSeq(groups)) throw new Error('alerts.yml: groups is not a list');
  return groups.items.flatMap((group) => {
    const rules = isMap(group) ? group.get('rules') : undefined;
    return isSeq(rules) ? rules.items.filter((rule): rule is YAMLMap => isMap(rule) && rule.has('alert')) : [];
  });
};

t.test('promtool accepts the rules and the example prometheus.yml, and the unit tests pass', { skip: promtool.skip }, async (t) => {
  const run = (...args: string[]): string => execFileSync(promtool.path as string, args, { cwd: DIR, encoding: 'utf8' });
  t.match(run('check', 'rules', 'alerts.yml'), /SUCCESS: \d+ rules found/);
  t.match(run('check', 'config', 'prometheus.yml'), /is valid prometheus config file syntax/);
  // promtool exits non-zero on a failed case (execFileSync throws, with its report in the error).
  t.match(run('test', 'rules', 'alerts.test.yml'), /SUCCESS/);
});

t.test('every alert has a unit test that sees it fire', async (t) => {
  const tests = (parse(readFileSync(`${DIR}alerts.test.yml`, 'utf8')) as { tests: { alert_rule_test?: AlertTest[] }[] }).tests;
  const fired = new Set(tests.flatMap((group) => group.alert_rule_test ?? []).filter((c) => (c.exp_alerts ?? []).length > 0).map((c) => c.alertname));
  const alerts = alertNodes().map((node) => String(node.get('alert')));
  t.ok(alerts.length >= 10, `${alerts.length} alerts`);
  for (const alert of alerts) t.ok(fired.has(alert), `${alert} fires in alerts.test.yml`);
});

t.test('every alert states its for: and a comment says why', async (t) => {
  for (const node of alertNodes()) {
    const name = String(node.get('alert'));
    t.match(String(node.get('for')), /^\d+[smh]$/, `${name}: for is explicit`);
    const comments = node.items.map((pair) => (pair.key as { commentBefore?: string } | null)?.commentBefore ?? '').join('\n');
    t.match(comments, /for \d+[smh]:/, `${name}: a comment justifies its for:`);
  }
});
