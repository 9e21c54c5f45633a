import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { composeApi } from '@otp/api';
import { waitUntilReady, type Cluster } from '@otp/redis';
import { captureLogs, startLocalRedisCluster, testApiConfig } from '@otp/testkit';
import t from 'tap';

const run = promisify(execFile);

/** Their hash tags fall on different masters of a 3-master cluster, so one of them is not on the guard's node. */
const PHONES = ['+919876543210', '+919812345678', '+919123456789'];

t.test('a send whose phone lives on a stopped cluster node answers 503 and leaves no guard count behind', async (t) => {
  const cluster = await startLocalRedisCluster(3);
  t.teardown(() => cluster.stop());
  const api = await composeApi(testApiConfig(cluster.env), captureLogs().logger);
  t.teardown(() => api.close());
  await waitUntilReady(api.redis, 10_000);
  const redis = api.redis as Cluster;

  const masterOf = async (key: string) => {
    const slot = Number(await redis.cluster('KEYSLOT', key));
    const ranges = await redis.cluster('SLOTS');
    return ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1];
  };
  const guardPort = await masterOf('guard:{guard}:day');
  const owners = await Promise.all(PHONES.map((phone) => masterOf(`otp:{${phone}}:code`)));
  const index = owners.findIndex((port) => port !== guardPort);
  const phone = PHONES[index] as string;
  const stopped = owners[index] as number;
  t.comment(`guard keys on :${guardPort}; ${phone}'s keys on :${stopped}, which is stopped`);
  await run('redis-cli', ['-h', '127.0.0.1', '-p', String(stopped), 'SHUTDOWN', 'NOSAVE']).catch(() => undefined);

  // The per-client limit runs first, and its counter may live on the stopped node too: try clients (other IPv4
  // addresses, one counter each; an IPv6 client would count on its /64, /56 and /48) until one gets past it.
  const guardNode = redis.nodes('master').find((node) => Number(node.options.port) === guardPort);
  let keys: string[] = [];
  for (let i = 1; i <= 20 && keys.length === 0; i++) {
    const answer = await api.app.inject({ method: 'POST', url: '/api/v1/auth/send-otp', payload: { phone }, remoteAddress: `198.51.100.${i}` });
    t.match([answer.statusCode, answer.json()], [503, { code: 'SERVICE_UNAVAILABLE' }], 'a stopped node is a 503');
    keys = (await guardNode?.keys('guard:*')) ?? [];
  }
  t.ok(keys.length > 0, 'a send reached the guard, which counted it on its own node');

  // It admitted the send in one script, then gave every count back when the OTP store failed.
  t.same(keys.filter((key) => key.includes(':sent:')), [], 'the send left no context to credit');
  const values = await Promise.all(keys.map((key) => guardNode?.hgetall(key)));
  const counts = values.flatMap((hash) => Object.values(hash ?? {}));
  t.ok(counts.length > 0 && counts.every((count) => count === '0'), `every counter and bucket is back at 0 (${counts.length} fields)`);
});
