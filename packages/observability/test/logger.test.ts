import { Writable } from 'node:stream';
import { createLogger } from '@otp/observability';
import { maskPhone } from '@otp/phone';
import t from 'tap';

t.test('maskPhone keeps the country prefix and the last four digits', async (t) => {
  t.equal(maskPhone('+919876543210'), '+91******3210');
  t.equal(maskPhone('+12015550123'), '+12*****0123');
  t.equal(maskPhone('+91******3210'), '+91******3210', 'idempotent');
  t.equal(maskPhone('12345'), '*****');
});

t.test('log lines mask phones and redact codes, secrets and credentials', async (t) => {
  let out = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out += chunk.toString();
      callback();
    },
  });
  const logger = createLogger({ level: 'info', name: 'test', destination });
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
  const line = JSON.parse(out) as Record<string, unknown>;
  t.equal(line.phone, '+91******3210');
  t.match(line.job, { to: '+91******3210', sealed: '[Redacted]', otp: '[Redacted]' });
  for (const secret of ['493817', '9876543210', 'dXNlcjpwYXNz', 'live-key-123', 'tok-123', 'v1.abc']) {
    t.notOk(out.includes(secret), `${secret} is not in the log line`);
  }
  t.equal(line.msg, 'hello');
});
