import { Writable } from 'node:stream';
import { createLogger, prettyLogsWanted } from '@otp/observability';
import { maskPhone } from '@otp/phone';
import { createRedisNamespace } from '@otp/testkit';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import t from 'tap';

/** A real logger writing into a string. */
function capture(options: { pretty?: boolean } = {}): { logger: ReturnType<typeof createLogger>; text(): string } {
  let out = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out += chunk.toString();
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', name: 'test', destination, ...options }), text: () => out };
}

t.test('maskPhone keeps the country prefix and the last four digits', async (t) => {
  t.equal(maskPhone('+919876543210'), '+91******3210');
  t.equal(maskPhone('+12015550123'), '+12*****0123');
  t.equal(maskPhone('+91******3210'), '+91******3210', 'idempotent');
  t.equal(maskPhone('12345'), '*****');
});

t.test('log lines mask phones and redact codes, secrets and credentials', async (t) => {
  const { logger, text } = capture();
  logger.info(
    {
      phone: '+919876543210',
      otp: '493817',
      job: { to: '+919876543210', sealed: 'v1.abc', otp: '493817' },
      req: { headers: { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'live-key-123' } },
      twilio: { authToken: 'tok-123' },
      apiKey: 'live-key-123',
    },
    'hello',
  );
  const out = text();
  const line = JSON.parse(out) as Record<string, unknown>;
  t.equal(line.phone, '+91******3210');
  t.match(line.job, { to: '+91******3210', sealed: '[Redacted]', otp: '[Redacted]' });
  for (const secret of ['493817', '9876543210', 'dXNlcjpwYXNz', 'live-key-123', 'tok-123', 'v1.abc']) {
    t.notOk(out.includes(secret), `${secret} is not in the log line`);
  }
  t.equal(line.msg, 'hello');
});

t.test("Fastify's request lines never show the query string", async (t) => {
  const { logger, text } = capture();
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  app.post('/webhooks/msg91/dlr', async () => ({ ok: true }));
  t.teardown(() => app.close());
  const response = await app.inject({ method: 'POST', url: '/webhooks/msg91/dlr?secret=query-secret-9f2c&x=1', payload: {} });
  t.equal(response.statusCode, 200);
  const lines = text().trim().split('\n').map((line) => JSON.parse(line) as { msg: string; req?: { url: string } });
  t.match(lines.find((line) => line.msg === 'incoming request'), { req: { url: '/webhooks/msg91/dlr', method: 'POST' } });
  t.notMatch(text(), /query-secret-9f2c|secret=/);
});

t.test('logged errors mask phone numbers in their message, stack and causes', async (t) => {
  const { logger, text } = capture();
  const providerError = Object.assign(new Error("The 'To' number +919876543210 is not a valid phone number."), { code: 21211, moreInfo: 'sent to 91 98765 43210' });
  logger.error({ err: new Error('Twilio refused the message', { cause: providerError }) }, 'sms attempt');
  const line = JSON.parse(text()) as { err: { message: string; stack: string } };
  t.notMatch(text(), /9876543|98765 43210/);
  t.match(line.err.message, /\+91\*{6}3210/, 'the cause’s prose stays readable, the number masked');
  t.match(line.err.stack, /caused by: Error: The 'To' number \+91\*{6}3210/);
});

t.test('logged Redis errors keep the command name and drop its arguments', async (t) => {
  const ns = await createRedisNamespace();
  t.teardown(() => ns.cleanup());
  const key = `${ns.keyPrefix}otp:{+919876543210}:code`;
  await ns.redis.set(key, 'not a hash');
  const error = (await ns.redis.hset(key, 'h', 'stored-hmac-Zk3q9v').catch((e: unknown) => e)) as Error & { command?: { args: unknown[] } };
  t.match(error.command?.args, [key, 'h', 'stored-hmac-Zk3q9v'], 'ioredis attaches the command, arguments and all');

  const { logger, text } = capture();
  logger.error({ err: error }, 'redis failed');
  const line = JSON.parse(text()) as { err: { command: unknown; message: string } };
  t.same(line.err.command, { name: 'hset' });
  t.match(line.err.message, /WRONGTYPE/);
  t.notMatch(text(), /stored-hmac-Zk3q9v|9876543210/);
});

t.test('pretty logs: readable, masked and redacted like the JSON ones', async (t) => {
  const { logger, text } = capture({ pretty: true });
  logger.info({ phone: '+919876543210', otp: '493817', job: { sealed: 'v1.abc' } }, 'code queued');
  const out = text();
  t.match(out, /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] .*INFO.*code queued/);
  t.match(out, /\+91\*{6}3210/);
  t.throws(() => JSON.parse(out), 'not JSON');
  for (const secret of ['493817', '9876543210', 'v1.abc']) t.notOk(out.includes(secret), `${secret} is not in the line`);
});

t.test('pretty logs only in development on a terminal', async (t) => {
  t.equal(prettyLogsWanted('development', { isTTY: true }), true);
  t.equal(prettyLogsWanted('development', { isTTY: false }), false, 'piped or redirected: JSON');
  t.equal(prettyLogsWanted('production', { isTTY: true }), false);
  t.equal(prettyLogsWanted('test', { isTTY: true }), false);
});
