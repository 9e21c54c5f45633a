import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Keyring } from '@otp/keyring';
import { PayloadSealer, UnreadablePayloadError } from '@otp/queue';
import t from 'tap';

const A = 's'.repeat(40);
const B = 't'.repeat(40);
const sealer = new PayloadSealer(new Keyring({ current: A }));
const secret = { phone: '+919876543210', otp: '493817' };

t.test('round-trips, names its key and hides the content', async (t) => {
  const sealed = sealer.seal(secret, 'req-1');
  t.match(sealed, new RegExp(`^v2\\.${sealer.keyIds[0]}\\.[A-Za-z0-9_-]+$`));
  t.notOk(sealed.includes('493817') || sealed.includes('9876543210'));
  t.notOk(Buffer.from(sealed.split('.')[2] as string, 'base64url').toString('latin1').includes('493817'));
  t.same(sealer.open(sealed, 'req-1'), secret);
  t.not(sealer.seal(secret, 'req-1'), sealed, 'a fresh IV each time');
});

t.test('after a rotation, payloads sealed under the previous secret still open; new ones use the current', async (t) => {
  const old = sealer.seal(secret, 'req-1');
  const rotated = new PayloadSealer(new Keyring({ current: B, previous: A }));
  t.same(rotated.open(old, 'req-1'), secret);
  const fresh = rotated.seal(secret, 'req-2');
  t.equal(fresh.split('.')[1], rotated.keyIds[0], 'sealed under the current secret');
  t.throws(() => sealer.open(fresh, 'req-2'), UnreadablePayloadError, 'a process without the new secret cannot open it');
});

t.test('refuses a blob moved to another job, tampered with, or sealed under a secret not held', async (t) => {
  const sealed = sealer.seal(secret, 'req-1');
  t.throws(() => sealer.open(sealed, 'req-2'), UnreadablePayloadError, 'bound to its request id');
  const [version, keyId, data] = sealed.split('.') as [string, string, string];
  const raw = Buffer.from(data, 'base64url');
  raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
  t.throws(() => sealer.open(`${version}.${keyId}.${raw.toString('base64url')}`, 'req-1'), UnreadablePayloadError, 'authenticated');
  const other = new PayloadSealer(new Keyring({ current: B }));
  const refusal = (() => {
    try {
      other.open(sealed, 'req-1');
    } catch (error) {
      return error;
    }
  })();
  t.match(refusal, { name: 'UnreadablePayloadError', keyId, message: /not on this process's keyring/ }, 'names the key id it lacks');
  t.throws(() => sealer.open('v0.abc', 'req-1'), { name: 'UnreadablePayloadError', message: /unknown sealed payload format/ });
  t.throws(() => sealer.open('[encrypted]', 'req-1'), UnreadablePayloadError, 'a payload an operator overwrote');
});

t.test('opens payloads sealed before key ids (v1) with any key it holds', async (t) => {
  // The v1 format: iv | tag | ciphertext under the same derived key, with no key id.
  const key = Buffer.from(hkdfSync('sha256', A, 'otp-relay', 'job-payload-aes-256-gcm', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from('req-1'));
  const body = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
  const legacy = `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  t.same(new PayloadSealer(new Keyring({ current: B, previous: A })).open(legacy, 'req-1'), secret);
  t.throws(() => new PayloadSealer(new Keyring({ current: B })).open(legacy, 'req-1'), { name: 'UnreadablePayloadError', message: /before key ids/ });
});
