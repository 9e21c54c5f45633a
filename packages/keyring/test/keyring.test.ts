import { Keyring } from '@otp/keyring';
import t from 'tap';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

t.test('keys come current first, one per secret, each naming its secret by id', async (t) => {
  const [current, previous] = new Keyring({ current: B, previous: A }).derive('purpose');
  t.equal(new Keyring({ current: B }).derive('purpose')[0]?.id, current?.id, 'the current secret first');
  t.equal(new Keyring({ current: A }).derive('purpose')[0]?.id, previous?.id, 'an id depends on the secret only, not on the ring');
  t.not(current?.id, previous?.id);
  t.equal(new Keyring({ current: A }).derive('purpose').length, 1, 'no previous secret, one key');
});

t.test('ids are short, stable and reveal no key', async (t) => {
  const [key] = new Keyring({ current: A }).derive('purpose');
  t.match(key?.id, /^[A-Za-z0-9_-]{8}$/);
  t.equal(new Keyring({ current: A }).derive('other')[0]?.id, key?.id, 'the same id for every purpose');
  t.not(new Keyring({ current: B }).derive('purpose')[0]?.id, key?.id);
  t.notOk(key?.key.toString('base64url').includes(key.id), 'the id is not part of the key');
});

t.test('each purpose gets its own key', async (t) => {
  const ring = new Keyring({ current: A });
  t.notSame(ring.derive('otp-code-hmac')[0]?.key, ring.derive('job-payload-aes-256-gcm')[0]?.key);
  t.equal(ring.derive('otp-code-hmac')[0]?.key.length, 32);
});
