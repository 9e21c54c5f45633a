import t from 'tap';
import { startApi } from './api-harness.js';

t.test('the 6th request from one IP within the window gets 429 RATE_LIMITED with Retry-After and RateLimit-*', async (t) => {
  const harness = await startApi(t, { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW: '900' });
  const from = { remoteAddress: '127.0.0.7' };
  const replies = [];
  // Send and verify share one budget: the seed's "5 attempts per 15 minutes" is per IP across the auth endpoints.
  for (let i = 0; i < 3; i++) replies.push(await harness.send({ phone: `+91987654321${i}` }, from));
  for (let i = 0; i < 2; i++) replies.push(await harness.verify('+919876543210', '000000', from));
  t.ok(replies.every((r) => r.statusCode !== 429), 'the first five pass the IP limit');
  t.same(
    replies.map((r) => r.headers['ratelimit-remaining']),
    ['4', '3', '2', '1', '0'],
  );

  const sixth = await harness.send({ phone: '+919876543219' }, from);
  t.equal(sixth.statusCode, 429);
  t.same(sixth.body, { statusCode: 429, code: 'RATE_LIMITED', message: 'Too many requests; slow down.' });
  t.match(sixth.headers, { 'ratelimit-limit': '5', 'ratelimit-remaining': '0', 'ratelimit-reset': /^\d+$/, 'retry-after': /^\d+$/ });
  t.ok(Number(sixth.headers['retry-after']) > 890 && Number(sixth.headers['retry-after']) <= 900);

  t.equal((await harness.send({ phone: '+919876543219' }, { remoteAddress: '127.0.0.8' })).statusCode, 202, 'another IP is unaffected');
  const keys = (await harness.ns.dump()).map((e) => e.key).filter((k) => k.includes('ratelimit'));
  t.ok(keys.length > 0 && keys.every((k) => k.startsWith(`${harness.ns.keyPrefix}ratelimit:ip:`)), 'counters live in Redis under the key prefix');
});

t.test('X-Forwarded-For is ignored without TRUST_PROXY', async (t) => {
  const harness = await startApi(t, { RATE_LIMIT_MAX: '5' });
  const statuses = [];
  for (let i = 0; i < 6; i++) {
    const reply = await harness.send({ phone: `+91987654320${i}` }, { remoteAddress: '127.0.0.9', headers: { 'x-forwarded-for': `203.0.113.${i}` } });
    statuses.push(reply.statusCode);
  }
  t.same(statuses, [202, 202, 202, 202, 202, 429], 'a forged header cannot buy a fresh IP');
});

t.test('with TRUST_PROXY the client IP comes from X-Forwarded-For', async (t) => {
  const harness = await startApi(t, { RATE_LIMIT_MAX: '5', TRUST_PROXY: '1' });
  const proxy = '127.0.0.10';
  const distinct = [];
  for (let i = 0; i < 6; i++) {
    const reply = await harness.send({ phone: `+91987654320${i}` }, { remoteAddress: proxy, headers: { 'x-forwarded-for': `203.0.113.${i}` } });
    distinct.push(reply.statusCode);
  }
  t.same(distinct, [202, 202, 202, 202, 202, 202], 'six clients behind one load balancer each have their own limit');

  const same = [];
  for (let i = 0; i < 6; i++) {
    const reply = await harness.verify('+919876543299', '000000', { remoteAddress: proxy, headers: { 'x-forwarded-for': '198.51.100.1' } });
    same.push(reply.body.code);
  }
  t.same(same, ['OTP_EXPIRED', 'OTP_EXPIRED', 'OTP_EXPIRED', 'OTP_EXPIRED', 'OTP_EXPIRED', 'RATE_LIMITED'], 'one client behind the proxy is limited');
});

t.test('behind a proxy that appends to X-Forwarded-For, a hop count or address list ignores what the client wrote; true does not', async (t) => {
  const proxy = '10.0.0.2';
  // The client sends its own X-Forwarded-For; the proxy appends the address it really sees.
  const spoofed = (i: number) => ({ remoteAddress: proxy, headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.1` } });
  const statuses = async (env: Record<string, string>) => {
    const harness = await startApi(t, { RATE_LIMIT_MAX: '3', ...env });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await harness.send({ phone: `+91987654330${i}` }, spoofed(i))).statusCode);
    return codes;
  };
  t.same(await statuses({ TRUST_PROXY: '1' }), [202, 202, 202, 429], 'a hop count takes the entry the proxy wrote');
  t.same(await statuses({ TRUST_PROXY: '10.0.0.0/8' }), [202, 202, 202, 429], 'so does the proxy’s address range');
  t.same(await statuses({ TRUST_PROXY: 'true' }), [202, 202, 202, 202], 'true takes the leftmost entry: each request picks its own IP (refused in production)');
});

/** IPv6 tiers small enough to reach quickly: 2 requests per /64, 4 per /56, 6 per /48. */
const IPV6_TIERS = { RATE_LIMIT_MAX: '2', RATE_LIMIT_MAX_IPV6_56: '4', RATE_LIMIT_MAX_IPV6_48: '6' };

/** What each request from `addresses` met, in order: `passed` or the refusal's code and the limit it names. */
async function outcomes(harness: Awaited<ReturnType<typeof startApi>>, addresses: string[]): Promise<string[]> {
  const seen = [];
  for (const [i, remoteAddress] of addresses.entries()) {
    // A verify for a phone with no code: it passes every limit but the per-client one and stores nothing.
    const reply = await harness.verify(`+9198765432${String(i).padStart(2, '0')}`, '000000', { remoteAddress });
    seen.push(reply.statusCode === 429 ? `${reply.body.code as string}/${reply.headers['ratelimit-limit'] as string}` : 'passed');
  }
  return seen;
}

async function rejections(harness: Awaited<ReturnType<typeof startApi>>): Promise<Record<string, number>> {
  const metric = await harness.api.metrics.guardRejections.get();
  return Object.fromEntries(metric.values.map((value) => [String(value.labels.rule), value.value]));
}

t.test('IPv6 /64: every address inside one /64 is the same client', async (t) => {
  const harness = await startApi(t, IPV6_TIERS);
  const sameSlash64 = ['2001:db8:1:1::1', '2001:db8:1:1::2', '2001:db8:1:1:dead:beef:0:1', '2001:DB8:1:1:FFFF:FFFF:FFFF:FFFF'];
  t.same(await outcomes(harness, sameSlash64), ['passed', 'passed', 'RATE_LIMITED/2', 'RATE_LIMITED/2'], 'rotating addresses buys nothing');
  t.same(await outcomes(harness, ['2001:db8:1:2::1']), ['passed'], 'the next /64 has a budget of its own');
  t.same(await rejections(harness), { ip: 2 });
  const keys = (await harness.ns.dump()).map((entry) => entry.key).filter((key) => key.includes('ratelimit'));
  t.ok(keys.includes(`${harness.ns.keyPrefix}ratelimit:ip:2001:db8:1:1::/64`), 'the counter is named by the canonical /64');
});

t.test('IPv6 /56: the /64s of one /56 share a larger budget', async (t) => {
  const harness = await startApi(t, IPV6_TIERS);
  // One request from each of six /64s of 2001:db8:2:100::/56: each /64 is far below its own limit.
  const slash64s = ['100', '101', '1a2', '1ff', '180', '1c0'].map((group) => `2001:db8:2:${group}::1`);
  t.same(await outcomes(harness, slash64s), ['passed', 'passed', 'passed', 'passed', 'RATE_LIMITED/4', 'RATE_LIMITED/4']);
  t.same(await outcomes(harness, ['2001:db8:2:200::1']), ['passed'], 'the next /56 has a budget of its own');
  t.same(await rejections(harness), { ip6_56: 2 });
});

t.test('IPv6 /48: the /56s of one /48 share a larger budget still', async (t) => {
  const harness = await startApi(t, IPV6_TIERS);
  // One request from each of eight /56s of 2001:db8:3::/48: each /56 and each /64 is far below its limit.
  const slash56s = ['0', '100', '200', '300', '400', '500', '600', 'ff00'].map((group) => `2001:db8:3:${group}::1`);
  const seen = await outcomes(harness, slash56s);
  t.same(seen, ['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'RATE_LIMITED/6', 'RATE_LIMITED/6']);
  t.same(await outcomes(harness, ['2001:db8:4::1']), ['passed'], 'another /48 is unaffected');
  t.same(await rejections(harness), { ip6_48: 2 });
});

t.test('IPv4 clients meet only the address limit, whether written as IPv4 or IPv4-mapped IPv6', async (t) => {
  const harness = await startApi(t, IPV6_TIERS);
  t.same(await outcomes(harness, ['203.0.113.9', '::ffff:203.0.113.9', '203.0.113.9']), ['passed', 'passed', 'RATE_LIMITED/2']);
  const neighbours = ['203.0.113.10', '203.0.113.11', '203.0.113.12', '203.0.113.13', '203.0.113.14'];
  t.same(await outcomes(harness, neighbours), neighbours.map(() => 'passed'), 'neighbouring IPv4 addresses are not grouped');
});
