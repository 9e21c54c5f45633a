import { DevelopmentProvider, renderMessage } from '@otp/sms';
import { Writable } from 'node:stream';
import t from 'tap';

const SEED_TEMPLATE = 'Your IndoStar Naturals verification code is: {otp}. Valid for {minutes} minutes.';

t.test('the default template renders exactly the seed guide message', async (t) => {
  t.equal(
    renderMessage(SEED_TEMPLATE, { otp: '123456', ttlSeconds: 600 }),
    'Your IndoStar Naturals verification code is: 123456. Valid for 10 minutes.',
  );
  t.equal(renderMessage('{otp} {otp} {minutes}', { otp: '42', ttlSeconds: 61 }), '42 42 2', 'minutes round up');
});

t.test('the development provider prints the phone and the whole text', async (t) => {
  let out = '';
  const provider = new DevelopmentProvider(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out += chunk.toString();
        callback();
      },
    }),
  );
  const receipt = await provider.send({
    requestId: 'r1',
    to: '+919876543210',
    country: 'IN',
    body: 'Your code is 123456',
    otp: '123456',
    validitySeconds: 600,
  });
  t.equal(out, '[development SMS] to +919876543210: Your code is 123456\n');
  t.match(receipt.providerMessageId, /^dev-/);
});
