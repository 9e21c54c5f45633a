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
  const harness = await startApi(t, { RATE_LIMIT_MAX: '5', TRUST_PROXY: 'true' });
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
