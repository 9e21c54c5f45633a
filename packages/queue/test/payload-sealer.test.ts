import { PayloadSealer } from '@otp/queue';
import t from 'tap';

const sealer = new PayloadSealer('s'.repeat(40));
const secret = { phone: '+919876543210', otp: '493817' };

t.test('round-trips and hides the content', async (t) => {
  const sealed = sealer.seal(secret, 'req-1');
  t.match(sealed, /^v1\.[A-Za-z0-9_-]+$/);
  t.notOk(sealed.includes('493817') || sealed.includes('9876543210'));
  t.notOk(Buffer.from(sealed.slice(3), 'base64url').toString('latin1').includes('493817'));
  t.same(sealer.open(sealed, 'req-1'), secret);
  t.not(sealer.seal(secret, 'req-1'), sealed, 'a fresh IV each time');
});

t.test('refuses a blob moved to another job, tampered with, or sealed under another secret', async (t) => {
  const sealed = sealer.seal(secret, 'req-1');
  t.throws(() => sealer.open(sealed, 'req-2'), 'bound to its request id');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 1;
  t.throws(() => sealer.open(`v1.${raw.toString('base64url')}`, 'req-1'), 'authenticated');
  t.throws(() => new PayloadSealer('t'.repeat(40)).open(sealed, 'req-1'), 'keyed by the secret');
  t.throws(() => sealer.open('v0.abc', 'req-1'), /Unknown sealed payload version/);
});
