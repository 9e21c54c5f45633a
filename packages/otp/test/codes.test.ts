import { CodeHasher, generateCode } from '@otp/otp';
import t from 'tap';

t.test('codes have the configured number of digits, zero padded', async (t) => {
  for (const length of [4, 6, 10]) {
    for (let i = 0; i < 200; i++) t.match(generateCode(length), new RegExp(`^\\d{${length}}$`));
  }
});

t.test('codes are spread over the whole range', async (t) => {
  const firstDigits = new Set(Array.from({ length: 500 }, () => generateCode(6)[0]));
  t.equal(firstDigits.size, 10, 'every leading digit, zero included, appears in 500 draws');
});

t.test('the HMAC depends on the secret, the phone and the code', async (t) => {
  const a = new CodeHasher('a'.repeat(32));
  const b = new CodeHasher('b'.repeat(32));
  const hash = a.hash('+919876543210', '123456');
  t.equal(hash, a.hash('+919876543210', '123456'));
  t.not(hash, b.hash('+919876543210', '123456'));
  t.not(hash, a.hash('+919876543211', '123456'));
  t.not(hash, a.hash('+919876543210', '123457'));
  t.notOk(hash.includes('123456'));
});
