import { createServer } from 'node:net';
import { composeApi } from '@otp/api';
import { captureLogs, testApiConfig } from '@otp/testkit';
import t from 'tap';

/** A loopback port that nothing listens on: bind, note the port, close. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('with Redis unreachable, requests answer 503 SERVICE_UNAVAILABLE instead of hanging', async (t) => {
  const logs = captureLogs();
  const api = await composeApi(testApiConfig({ REDIS_URL: `redis://127.0.0.1:${await deadPort()}` }), logs.logger);
  t.teardown(() => api.close());

  for (const [url, payload] of [
    ['/api/v1/auth/send-otp', { phone: '+919876543210' }],
    ['/api/v1/auth/verify-otp', { phone: '+919876543210', otp: '123456' }],
  ] as const) {
    const response = await api.app.inject({ method: 'POST', url, payload });
    t.equal(response.statusCode, 503, url);
    t.same(response.json(), {
      statusCode: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'A backing service is unavailable; try again shortly.',
    });
  }
  t.ok(logs.lines().some((line) => line.msg === 'request failed' && line.code === 'SERVICE_UNAVAILABLE'), 'the cause is logged');
});
