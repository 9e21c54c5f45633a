import { DevelopmentProvider } from '@otp/sms';
import { Writable } from 'node:stream';
import t from 'tap';

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
