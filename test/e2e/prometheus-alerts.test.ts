import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianTool, spareLoopbackPort } from '@otp/testkit';
import t from 'tap';
import { stringify } from 'yaml';
import { serveWorkerHealth, startService } from '../support/service.js';

/**
 * A real Prometheus (Debian's package) on loopback scrapes the API and the worker and
 * evaluates deploy/prometheus/alerts.yml as shipped. A daily budget of 5 SMS with the
 * default trusted reserve of 20%: the 4th send reaches 80%, which is also where new phones
 * are refused (only the reserve is left), and the 5th, to a phone that verified earlier,
 * spends the reserve, after which nothing is sent. The budget rules have `for: 0m`, and this
 * test's own prometheus.yml scrapes and evaluates every second, so each fires within seconds
 * of the send that crossed its line.
 */
const prometheus = ensureDebianTool('prometheus', 'prometheus');
const RULES = new URL('../../deploy/prometheus/alerts.yml', import.meta.url).pathname;
const BUDGET = 5;
const METRICS_TOKEN = 'prometheus-e2e-scrape-token';
const phone = (i: number): string => `+9198765432${String(10 + i)}`;

interface ActiveAlert {
  labels: { alertname: string };
  state: 'pending' | 'firing';
  value: string;
}

t.test('a real Prometheus fires the budget alerts from the API’s and the worker’s /metrics', { skip: prometheus.skip, timeout: 90_000 }, async (t) => {
  const service = await startService(t, { SMS_DAILY_BUDGET: String(BUDGET), METRICS_TOKEN, OTP_RESEND_COOLDOWN_SECONDS: '0' });
  const apiUrl = new URL(await service.api.app.listen({ host: '127.0.0.1', port: 0 }));
  const health = await serveWorkerHealth(t, service, METRICS_TOKEN);

  const prom = await startPrometheus(t, [
    { job: 'otp-api', target: apiUrl.host },
    { job: 'otp-worker', target: `127.0.0.1:${health.port}` },
  ]);
  await prom.until('both targets are scraped and up', async () => (await prom.query('sum(up{job=~"otp-api|otp-worker"})')) === 2);

  const sendAndWait = async (i: number): Promise<void> => {
    t.equal((await service.send(phone(i))).statusCode, 202, `send ${i} accepted`);
    await prom.until(`otp_sms_budget_used = ${i} scraped`, async () => (await prom.query('max(otp_sms_budget_used)')) === i);
  };

  for (let i = 1; i <= 3; i++) await sendAndWait(i);
  // One more evaluation after the scrape that saw 3: nothing about the budget may be active at 60%.
  await prom.evaluations(2);
  t.same(await prom.activeAlerts(), [], `nothing fires at ${3 / BUDGET} of the budget`);

  // Phone 1 verifies its code, so it is trusted and may use the reserve later.
  await service.inbox.waitFor(phone(1), 1, 20_000);
  t.equal((await service.verify(phone(1), service.inbox.lastCodeFor(phone(1)) as string)).statusCode, 200, 'phone 1 verifies: trusted');

  const sentAt = Date.now();
  await sendAndWait(4);
  const at80 = await prom.until('OtpSmsBudgetAt80Percent fires', async () => (await prom.firing()).get('OtpSmsBudgetAt80Percent'));
  const closed = await prom.until('OtpSmsBudgetClosedToNewPhones fires', async () => (await prom.firing()).get('OtpSmsBudgetClosedToNewPhones'));
  const at80Ms = Date.now() - sentAt;
  t.equal(Number(at80.value), 0.8, 'the 80% alert fires with the ratio used/limit = 4/5');
  t.equal(Number(closed.value), 1, 'only the trusted reserve is left');
  t.notOk((await prom.firing()).has('OtpSmsBudgetExhausted'), 'not exhausted at 4 of 5');
  const stranger = await service.send(phone(6));
  t.same([stranger.statusCode, stranger.body.code], [503, 'SMS_BUDGET_EXHAUSTED'], 'a new phone is refused');

  const lastAt = Date.now();
  t.equal((await service.send(phone(1))).statusCode, 202, 'the trusted phone gets its code from the reserve');
  await prom.until(`otp_sms_budget_used = ${BUDGET} scraped`, async () => (await prom.query('max(otp_sms_budget_used)')) === BUDGET);
  const exhausted = await prom.until('OtpSmsBudgetExhausted fires', async () => (await prom.firing()).get('OtpSmsBudgetExhausted'));
  const exhaustedMs = Date.now() - lastAt;
  t.equal(Number(exhausted.value), 1);
  const refused = await service.send(phone(7));
  t.same([refused.statusCode, refused.body.code], [503, 'SMS_BUDGET_EXHAUSTED'], 'after the reserve, nothing is sent');

  await Promise.all([2, 3, 4].map((i) => service.inbox.waitFor(phone(i), 1, 20_000)));
  await service.inbox.waitFor(phone(1), 2, 20_000);
  await prom.until('the worker’s sends are scraped', async () => (await prom.query('sum(otp_sms_sent_total{job="otp-worker"})')) === BUDGET);
  t.same(
    (await prom.activeAlerts()).map((a) => `${a.labels.alertname}:${a.state}`).sort(),
    ['OtpSmsBudgetAt80Percent:firing', 'OtpSmsBudgetClosedToNewPhones:firing', 'OtpSmsBudgetExhausted:firing'],
    'no other alert is even pending: worker, API and Redis are up, the queue drained, conversion has too few sends to judge',
  );
  t.comment(`budget ${BUDGET}: OtpSmsBudgetAt80Percent and OtpSmsBudgetClosedToNewPhones fired ${at80Ms} ms after send 4 (value ${Number(at80.value)}); OtpSmsBudgetExhausted fired ${exhaustedMs} ms after the trusted phone's send 5 (value ${Number(exhausted.value)})`);
});

interface Prometheus {
  query(expr: string): Promise<number | undefined>;
  activeAlerts(): Promise<ActiveAlert[]>;
  firing(): Promise<Map<string, ActiveAlert>>;
  /** Waits for `n` rule evaluations to pass. */
  evaluations(n: number): Promise<void>;
  until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
}

const INTERVAL_S = 1;

async function startPrometheus(t: { teardown(fn: () => Promise<void>): void }, targets: { job: string; target: string }[]): Promise<Prometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'otp-prometheus-'));
  const port = await spareLoopbackPort();
  const config = {
    global: { scrape_interval: `${INTERVAL_S}s`, scrape_timeout: `${INTERVAL_S}s`, evaluation_interval: `${INTERVAL_S}s` },
    rule_files: [RULES],
    scrape_configs: targets.map(({ job, target }) => ({
      job_name: job,
      authorization: { credentials: METRICS_TOKEN },
      static_configs: [{ targets: [target] }],
    })),
  };
  await writeFile(join(dir, 'prometheus.yml'), stringify(config));
  const child = spawn(
    prometheus.path as string,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.teardown(async () => {
    child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  });

  const base = `http://127.0.0.1:${port}`;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${base}${path}`);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return ((await response.json()) as { data: T }).data;
  };
  const prom: Prometheus = {
    async query(expr) {
      const data = await api<{ result: { value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
      const value = data.result[0]?.value[1];
      return value === undefined ? undefined : Number(value);
    },
    async activeAlerts() {
      return (await api<{ alerts: ActiveAlert[] }>('/api/v1/alerts')).alerts;
    },
    async firing() {
      return new Map((await prom.activeAlerts()).filter((a) => a.state === 'firing').map((a) => [a.labels.alertname, a]));
    },
    evaluations: (n) => new Promise((resolve) => setTimeout(resolve, n * INTERVAL_S * 1000 + 200)),
    async until(what, probe, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const value = await probe().catch(() => undefined);
        if (value !== undefined && value !== false) return value;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`Prometheus: timed out waiting until ${what}. Its log:\n${log}`);
    },
  };
  await prom.until('Prometheus is ready', async () => (await fetch(`${base}/-/ready`)).ok, 30_000);
  return prom;
}
