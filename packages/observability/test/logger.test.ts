import { Writable } from 'node:stream';
import { createLogger, maskPhone, prettyLogsWanted } from '@otp/observability';
import t from 'tap';

t.test('maskPhone keeps the country prefix and the last four digits', async (t) => {
  t.equal(maskPhone('+919876543210'), '+91******3210');
  t.equal(maskPhone('+12015550123'), '+12*****0123');
  t.equal(maskPhone('+91******3210'), '+91******3210', 'idempotent');
  t.equal(maskPhone('12345'), '*****');
});

/** A writable that keeps what it is given. */
function collector(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => out };
}

t.test('log lines mask phones and redact codes, secrets and credentials', async (t) => {
  const sink = collector();
  const logger = createLogger({ level: 'info', name: 'test', destination: sink.stream });
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
  const out = sink.text();
  const line = JSON.parse(out) as Record<string, unknown>;
  t.equal(line.phone, '+91******3210');
  t.match(line.job, { to: '+91******3210', sealed: '[Redacted]', otp: '[Redacted]' });
  for (const secret of ['493817', '9876543210', 'dXNlcjpwYXNz', 'live-key-123', 'tok-123', 'v1.abc']) {
    t.notOk(out.includes(secret), `${secret} is not in the log line`);
  }
  t.equal(line.msg, 'hello');
});

t.test('pretty logs: readable, masked and redacted like the JSON ones', async (t) => {
  const sink = collector();
  const logger = createLogger({ level: 'info', name: 'test', destination: sink.stream, pretty: true });
  logger.info({ phone: '+919876543210', otp: '493817', job: { sealed: 'v1.abc' } }, 'code queued');
  const out = sink.text();
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
