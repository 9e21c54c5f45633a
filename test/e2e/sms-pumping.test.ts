import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startService } from '../support/service.js';

interface Attempt {
  phone: string;
  from: string;
  ordinary: boolean;
}

/** One real HTTP request from a given loopback source address: every 127.x.y.z is a distinct client IP. */
function post(port: number, from: string, body: unknown): Promise<{ statusCode: number; code: string | undefined }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      { host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/api/v1/auth/send-otp', agent: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        let raw = '';
        res.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, code: (JSON.parse(raw) as { code?: string }).code }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs the attempts with a bounded number in flight, as a botnet of modest size would. */
async function run(port: number, attempts: Attempt[], inFlight = 16) {
  const results: Array<Attempt & { statusCode: number; code: string | undefined }> = [];
  let next = 0;
  const lane = async () => {
    while (next < attempts.length) {
      const attempt = attempts[next++] as Attempt;
      results.push({ ...attempt, ...(await post(port, attempt.from, { phone: attempt.phone })) });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return results;
}

/** `count` attempts spread over client IPs 127.<net>.x.y, `perIp` each: within the per-IP limit. */
function botnet(net: number, phones: string[], perIp: number): Attempt[] {
  return phones.map((phone, i) => {
    const host = Math.floor(i / perIp) + 1;
    return { phone, from: `127.${net}.${Math.floor(host / 250)}.${(host % 250) + 1}`, ordinary: false };
  });
}

t.test('SMS pumping from many IPs towards one number range is cut off by the range throttle and the budget', async (t) => {
  const budget = 60;
  const service = await startService(t, {
    RATE_LIMIT_MAX: '5',
    PREFIX_THROTTLE_LIMIT: '10',
    PREFIX_THROTTLE_RANGE_DIGITS: '3',
    SMS_DAILY_BUDGET: String(budget),
    // The attacker holds many apps' worth of send ceiling, so the range throttle and the budget are seen on their own.
    APP_SENDS_PER_MINUTE: '100000',
  });
  await service.api.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = service.api.app.server.address() as AddressInfo;

  // Phase 1: 300 sequential numbers in +919876500xxx from 60 IPs, mixed with 30 real users spread over other ranges.
  const pump = botnet(1, Array.from({ length: 300 }, (_, i) => `+91987650${String(i).padStart(4, '0')}`), 5);
  const ordinary: Attempt[] = Array.from({ length: 30 }, (_, i) => ({
    phone: `+9191${String(i).padStart(2, '0')}${String(1_000_000 + i * 7919).slice(1)}`,
    from: `127.2.0.${i + 1}`,
    ordinary: true,
  }));
  const mixed = pump.flatMap((attempt, i) => (i % 10 === 0 && ordinary[i / 10] ? [ordinary[i / 10] as Attempt, attempt] : [attempt]));
  const phase1 = await run(port, mixed);

  const served = (rs: typeof phase1) => rs.filter((r) => r.statusCode === 202);
  const refusedBy = (rs: typeof phase1, code: string) => rs.filter((r) => r.code === code).length;
  t.equal(served(phase1.filter((r) => r.ordinary)).length, 30, 'every ordinary request is served');
  t.equal(served(phase1.filter((r) => !r.ordinary)).length, 10, 'the pumped range gets exactly its throttle');
  t.equal(refusedBy(phase1, 'PREFIX_THROTTLED'), 290);
  t.equal(refusedBy(phase1, 'RATE_LIMITED'), 0, 'no single IP exceeded its limit: the IP limit alone would not have stopped this');

  // Phase 2: the attacker walks on through the prefix, one number per range, 200 more from 40 fresh IPs.
  const phase2 = await run(port, botnet(3, Array.from({ length: 200 }, (_, i) => `+919876${String(i).padStart(3, '0')}${String(i).padStart(3, '0')}`), 5));
  const phase2Served = served(phase2).length;
  t.equal(phase2Served, budget - 40, 'the budget takes what is left of the day');
  t.equal(refusedBy(phase2, 'SMS_BUDGET_EXHAUSTED'), 200 - phase2Served);
  t.equal(refusedBy(phase2, 'PREFIX_THROTTLED'), 0);

  // What actually left the building: wait for the worker to deliver every accepted send.
  const accepted = [...served(phase1), ...served(phase2)];
  await Promise.all(accepted.map((r) => service.inbox.waitFor(r.phone, 1, 20_000)));
  t.equal(service.inbox.messages.length, budget, 'SMS sent never exceed the daily budget');
  const jobs = await service.api.metrics.otpRequested.get();
  t.equal(jobs.values.reduce((sum, v) => sum + v.value, 0), budget, 'jobs queued = SMS that would have gone out');

  // Verification keeps working after the budget is spent.
  const someone = ordinary[0]?.phone as string;
  t.same((await service.verify(someone, service.inbox.lastCodeFor(someone) as string)).body, { verified: true });

  const sent = phase1.length + phase2.length;
  t.comment(`pumping simulation: requests sent ${sent} (${pump.length + 200} pumped, ${ordinary.length} ordinary) from ${60 + 40 + 30} client IPs`);
  t.comment(`pumping simulation: SMS that would have gone out ${service.inbox.messages.length} (jobs queued; budget ${budget})`);
  t.comment(`pumping simulation: pumped SMS ${accepted.length - 30}; refused PREFIX_THROTTLED ${refusedBy(phase1, 'PREFIX_THROTTLED')}, SMS_BUDGET_EXHAUSTED ${refusedBy(phase2, 'SMS_BUDGET_EXHAUSTED')}`);
  t.comment(`pumping simulation: ordinary requests served ${served(phase1.filter((r) => r.ordinary)).length} of ${ordinary.length}`);
});
