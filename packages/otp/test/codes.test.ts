import { Keyring } from '@otp/keyring';
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

const SHOP = { app: 'shop', phone: '+919876543210' };

t.test('the HMAC depends on the secret, the app, the phone and the code', async (t) => {
  const a = new CodeHasher(new Keyring({ current: 'a'.repeat(32) }));
  const b = new CodeHasher(new Keyring({ current: 'b'.repeat(32) }));
  const { hmac } = a.hash(SHOP, '123456');
  t.equal(hmac, a.hash(SHOP, '123456').hmac);
  t.not(hmac, b.hash(SHOP, '123456').hmac);
  t.not(hmac, a.hash({ ...SHOP, app: 'bank' }, '123456').hmac, 'another app');
  t.not(hmac, a.hash({ ...SHOP, phone: '+919876543211' }, '123456').hmac, 'another phone');
  t.not(hmac, a.hash(SHOP, '123457').hmac);
  t.notOk(hmac.includes('123456'));
});

t.test('a hash names the secret that keyed it; candidates cover every secret held, current first', async (t) => {
  const before = new CodeHasher(new Keyring({ current: 'a'.repeat(32) }));
  const rotated = new CodeHasher(new Keyring({ current: 'b'.repeat(32), previous: 'a'.repeat(32) }));
  const stored = before.hash(SHOP, '123456');
  const [current, previous] = rotated.candidates(SHOP, '123456');
  t.same(previous, stored, 'the previous secret reproduces a hash stored before the rotation');
  t.same(current, rotated.hash(SHOP, '123456'));
  t.not(current?.keyId, stored.keyId);
});
