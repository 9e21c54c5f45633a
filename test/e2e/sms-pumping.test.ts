import { parsePhone } from '@otp/phone';
import t from 'tap';
import { startService, type RunningService } from '../support/service.js';

interface Attempt {
  phone: string;
  /** The client address the request comes from (Fastify's request.ip, as inject sets it). */
  from: string;
  /** An ordinary user: reads the SMS and verifies the code. */
  ordinary: boolean;
}

interface Outcome extends Attempt {
  statusCode: number;
  code: string | undefined;
  retryAfter: string | undefined;
  verified: boolean;
}

/** A small seeded generator, so every run pumps the same numbers. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `count` distinct random Indian mobile numbers that the API accepts, over as many ranges as chance gives. */
function validNumbers(count: number, next: () => number, taken = new Set<string>()): string[] {
  const numbers: string[] = [];
  while (numbers.length < count) {
    const candidate = `+91${6 + Math.floor(next() * 4)}${String(Math.floor(next() * 1e9)).padStart(9, '0')}`;
    if (taken.has(candidate)) continue;
    try {
      parsePhone(candidate);
    } catch {
      continue;
    }
    taken.add(candidate);
    numbers.push(candidate);
  }
  return numbers;
}

/** One attempt, as its client would make it; an ordinary user then types the code from the SMS. */
async function attempt(service: RunningService, a: Attempt): Promise<Outcome> {
  const sent = await service.api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone: a.phone }, remoteAddress: a.from });
  const outcome: Outcome = {
    ...a,
    statusCode: sent.statusCode,
    code: (sent.json() as { code?: string }).code,
    retryAfter: sent.headers['retry-after'] as string | undefined,
    verified: false,
  };
  if (!a.ordinary || sent.statusCode !== 202) return outcome;
  await service.inbox.waitFor(a.phone, 1, 20_000);
  const otp = service.inbox.lastCodeFor(a.phone) as string;
  const verified = await service.api.app.inject({ method: 'POST', url: '/api/v1/auth/verify-otp', payload: { phone: a.phone, otp }, remoteAddress: a.from });
  return { ...outcome, verified: verified.statusCode === 200 };
}

/** Runs the attempts with a bounded number in flight, as a botnet of modest size would. */
async function run(service: RunningService, attempts: Attempt[], inFlight = 16): Promise<Outcome[]> {
  const results: Outcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < attempts.length) results.push(await attempt(service, attempts[next++] as Attempt));
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return results;
}

/** Ordinary users, each on a network of their own: half on IPv4, half on IPv6 (each in its own /48). */
function ordinaryUsers(phones: string[], offset: number): Attempt[] {
  return phones.map((phone, i) => {
    const n = offset + i;
    const from = n % 2 === 0 ? `198.18.${n >> 8}.${n & 255}` : `2001:db8:${(0x1000 + n).toString(16)}::${(n % 7) + 1}`;
    return { phone, from, ordinary: true };
  });
}

/**
 * A pumping botnet on IPv6: `perNetwork` sends from each of `networks` /64s, spread over
 * the given /48s with every /64 in a /56 of its own, so no /64 or /56 stands out, and no
 * client exceeds the per-IP limit.
 */
function pumpers(phones: string[], sites: string[], perNetwork: number): Attempt[] {
  return phones.map((phone, i) => {
    const network = Math.floor(i / perNetwork);
    const site = sites[network % sites.length] as string;
    const subnet = (Math.floor(network / sites.length) * 256).toString(16);
    return { phone, from: `${site}:${subnet}::${(i % perNetwork) + 1}`, ordinary: false };
  });
}

const served = (outcomes: Outcome[]) => outcomes.filter((o) => o.statusCode === 202);
const refusedBy = (outcomes: Outcome[], code: string) => outcomes.filter((o) => o.code === code).length;
const metricTotal = async (metric: { get(): Promise<{ values: Array<{ labels: Record<string, string | number>; value: number }> }> }, labels: Record<string, string>) =>
  (await metric.get()).values.filter((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value)).reduce((sum, v) => sum + v.value, 0);

/**
 * The test runs a day's worth of traffic in seconds: the per-minute and per-hour ceilings are lifted, so only the guard
 * under test acts. The per-client limit stays at 5 per /64, but its /56 and /48 tiers are lifted: they would stop 250
 * sends from one /48 by themselves, and the point here is what the conversion rule does.
 */
const COMPRESSED_TIME = {
  APP_SENDS_PER_MINUTE: '100000',
  SMS_COUNTRY_HOURLY_LIMIT: '100000',
  RATE_LIMIT_MAX_IPV6_56: '100000',
  RATE_LIMIT_MAX_IPV6_48: '100000',
};

t.test('pumping over random valid numbers in many ranges, from 200 IPv6 /64s, is cut off by the conversion rule while every ordinary user is served', async (t) => {
  const service = await startService(t, { ...COMPRESSED_TIME, RATE_LIMIT_MAX: '5', GUARD_ALLOWANCE: '20' });
  const next = random(10);
  const taken = new Set<string>();

  // The day so far: 100 users sign in, each verifying the code the SMS brought.
  const before = await run(service, ordinaryUsers(validNumbers(100, next, taken), 0));
  // Then 1 000 pumped sends from 4 /48s (50 /64s each, 5 sends per /64), with 100 more users among them.
  const sites = ['2001:db8:a0', '2001:db8:a1', '2001:db8:a2', '2001:db8:a3'];
  const pumped = pumpers(validNumbers(1000, next, taken), sites, 5);
  const users = ordinaryUsers(validNumbers(100, next, taken), 100);
  const mixed = pumped.flatMap((a, i) => (i % 10 === 9 ? [a, users[(i - 9) / 10] as Attempt] : [a]));
  const during = await run(service, mixed);

  const outcomes = [...before, ...during];
  const ordinary = outcomes.filter((o) => o.ordinary);
  const attack = outcomes.filter((o) => !o.ordinary);
  const ranges = new Set(pumped.map((a) => a.phone.slice(0, -3)));
  t.equal(ordinary.length, 200);
  t.equal(served(ordinary).length, 200, 'every ordinary user got a code');
  t.equal(ordinary.filter((o) => o.verified).length, 200, 'and verified it');
  t.equal(served(attack).length, sites.length * 20, 'each /48 let through exactly GUARD_ALLOWANCE unverified sends');
  t.equal(refusedBy(attack, 'SEND_THROTTLED'), 1000 - sites.length * 20, 'the rest were throttled');
  t.ok(attack.filter((o) => o.code === 'SEND_THROTTLED').every((o) => Number(o.retryAfter) > 0), 'each with a Retry-After');
  t.equal(refusedBy(outcomes, 'RATE_LIMITED'), 0, 'no client exceeded the per-IP limit: it alone would have stopped nothing');
  t.same(
    (await service.api.metrics.guardBucketsOver.get()).values.map((v) => v.labels.bucket),
    ['ipv6_48'],
    'only the /48s went over: no single range, /64 or /56 stood out, and the country and app kept their good conversion',
  );

  const sms = sites.length * 20 + 200;
  await service.inbox.waitFor(ordinary[0]?.phone as string, 1);
  await Promise.all(served(attack).map((o) => service.inbox.waitFor(o.phone, 1, 20_000)));
  t.equal(service.inbox.messages.length, sms, 'SMS sent: the pumped ones the rule let through, and every ordinary user’s');
  t.equal(await metricTotal(service.api.metrics.guardDecisions, { decision: 'throttled' }), 920);

  const usage = async (keys: string[]) => (await Promise.all(keys.map((key) => service.ns.redis.memory('USAGE', key)))).reduce<number>((sum, n) => sum + Number(n ?? 0), 0);
  const guardKeys = await service.ns.redis.keys(`${service.ns.keyPrefix}guard:*`);
  const perPhone = (kind: string) => guardKeys.filter((key) => key.includes(`:${kind}:`));
  const bytes = await usage(guardKeys.filter((key) => !key.includes(':trusted:') && !key.includes(':sent:')));
  t.comment(`pumping simulation: ${outcomes.length} requests: ${attack.length} pumped (to ${ranges.size} ranges of 1 000 numbers, from 200 /64s in ${sites.length} /48s), ${ordinary.length} ordinary`);
  t.comment(`pumping simulation: pumped SMS let through ${served(attack).length} (${sites.length} × GUARD_ALLOWANCE 20); throttled ${refusedBy(attack, 'SEND_THROTTLED')} (SEND_THROTTLED)`);
  t.comment(`pumping simulation: ordinary users served ${served(ordinary).length} of ${ordinary.length}, verified ${ordinary.filter((o) => o.verified).length}`);
  t.comment(`pumping simulation: SMS sent ${service.inbox.messages.length}; guard counters and buckets in Redis ${Math.round(bytes / 1024)} KiB (${Math.round(bytes / sms)} bytes per SMS sent)`);
  const [trusted, sent] = [perPhone('trusted'), perPhone('sent')];
  t.comment(`pumping simulation: per phone: ${trusted.length} trusted, ${Math.round((await usage(trusted)) / trusted.length)} bytes each; ${sent.length} with a live code, ${Math.round((await usage(sent)) / sent.length)} bytes each`);
});

t.test('record mode refuses nothing, and counts and logs what enforce mode would have throttled', async (t) => {
  const service = await startService(t, { ...COMPRESSED_TIME, RATE_LIMIT_MAX: '5', GUARD_ALLOWANCE: '20', GUARD_MODE: 'record' });
  const next = random(20);
  const taken = new Set<string>();
  const before = await run(service, ordinaryUsers(validNumbers(30, next, taken), 0));
  const attack = await run(service, pumpers(validNumbers(200, next, taken), ['2001:db8:b0'], 5));

  t.equal(served([...before, ...attack]).length, 230, 'every send was served');
  const wouldThrottle = await metricTotal(service.api.metrics.guardDecisions, { decision: 'would_throttle' });
  t.equal(wouldThrottle, 180, 'all pumped sends past the /48’s allowance would have been throttled');
  t.equal(await metricTotal(service.api.metrics.guardBucketsOver, { bucket: 'ipv6_48', mode: 'record' }), 180);
  t.equal(await metricTotal(service.api.metrics.guardRejections, {}), 0, 'and none was refused');
  const logged = service.logs.lines().filter((line) => line.msg === 'guard would have throttled this send (GUARD_MODE=record)');
  t.equal(logged.length, 180, 'each one logged');
  t.match(logged[0], { level: 40, country: 'IN', app: 'default', buckets: ['ipv6_48'] });
  t.comment(`record mode: ${before.length + attack.length} sends (200 pumped from one /48, 30 ordinary), 0 refused, would_throttle ${wouldThrottle}`);
});

t.test('sequential-range pumping from many IPv4 clients is cut off by the range throttle and the budget alone', async (t) => {
  const budget = 60;
  // The test kit lifts GUARD_ALLOWANCE, so the conversion rule stays out of this one: the fixed limits are seen on their own.
  const service = await startService(t, {
    RATE_LIMIT_MAX: '5',
    PREFIX_THROTTLE_LIMIT: '10',
    PREFIX_THROTTLE_RANGE_DIGITS: '3',
    SMS_DAILY_BUDGET: String(budget),
    GUARD_TRUSTED_RESERVE_PERCENT: '0',
    // The attacker holds many apps' worth of send ceiling, so the range throttle and the budget are seen on their own.
    APP_SENDS_PER_MINUTE: '100000',
  });
  const ipv4 = (net: number, i: number, perIp: number) => {
    const host = Math.floor(i / perIp) + 1;
    return `127.${net}.${Math.floor(host / 250)}.${(host % 250) + 1}`;
  };
  // Phase 1: 300 sequential numbers in +919876500xxx from 60 IPs, mixed with 30 real users spread over other ranges.
  const pump = Array.from({ length: 300 }, (_, i): Attempt => ({ phone: `+91987650${String(i).padStart(4, '0')}`, from: ipv4(1, i, 5), ordinary: false }));
  const ordinary: Attempt[] = Array.from({ length: 30 }, (_, i) => ({
    phone: `+9191${String(i).padStart(2, '0')}${String(1_000_000 + i * 7919).slice(1)}`,
    from: `127.2.0.${i + 1}`,
    ordinary: false,
  }));
  const mixed = pump.flatMap((a, i) => (i % 10 === 0 && ordinary[i / 10] ? [ordinary[i / 10] as Attempt, a] : [a]));
  const phase1 = await run(service, mixed);
  const isOrdinary = (o: Outcome) => ordinary.some((a) => a.phone === o.phone);
  t.equal(served(phase1.filter(isOrdinary)).length, 30, 'every ordinary request is served');
  t.equal(served(phase1.filter((o) => !isOrdinary(o))).length, 10, 'the pumped range gets exactly its throttle');
  t.equal(refusedBy(phase1, 'PREFIX_THROTTLED'), 290);
  t.equal(refusedBy(phase1, 'RATE_LIMITED'), 0, 'no single IP exceeded its limit: the IP limit alone would not have stopped this');

  // Phase 2: the attacker walks on through the prefix, one number per range, 200 more from 40 fresh IPs.
  const walk = Array.from({ length: 200 }, (_, i): Attempt => ({ phone: `+919876${String(i).padStart(3, '0')}${String(i).padStart(3, '0')}`, from: ipv4(3, i, 5), ordinary: false }));
  const phase2 = await run(service, walk);
  const phase2Served = served(phase2).length;
  t.equal(phase2Served, budget - 40, 'the budget takes what is left of the day');
  t.equal(refusedBy(phase2, 'SMS_BUDGET_EXHAUSTED'), 200 - phase2Served);
  t.equal(refusedBy(phase2, 'PREFIX_THROTTLED'), 0);

  const accepted = [...served(phase1), ...served(phase2)];
  await Promise.all(accepted.map((o) => service.inbox.waitFor(o.phone, 1, 20_000)));
  t.equal(service.inbox.messages.length, budget, 'SMS sent never exceed the daily budget');
  const someone = ordinary[0]?.phone as string;
  t.same((await service.verify(someone, service.inbox.lastCodeFor(someone) as string)).body, { verified: true }, 'verification works after the budget is spent');
  t.comment(`range pumping: ${phase1.length + phase2.length} requests (500 pumped, 30 ordinary) from 130 client IPs; SMS sent ${service.inbox.messages.length} (budget ${budget})`);
  t.comment(`range pumping: refused PREFIX_THROTTLED ${refusedBy(phase1, 'PREFIX_THROTTLED')}, SMS_BUDGET_EXHAUSTED ${refusedBy(phase2, 'SMS_BUDGET_EXHAUSTED')}`);
  t.comment(`range pumping: ordinary requests served ${served(phase1.filter(isOrdinary)).length} of ${ordinary.length}`);
});
