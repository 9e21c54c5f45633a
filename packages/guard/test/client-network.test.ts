import { clientNetworks } from '@otp/guard';
import t from 'tap';

t.test('an IPv4 address is one /32', async (t) => {
  t.same(clientNetworks('203.0.113.7'), [{ family: 4, prefixLength: 32, network: '203.0.113.7/32' }]);
});

t.test('IPv4-mapped IPv6, as dual-stack sockets report IPv4 clients, is the IPv4 address', async (t) => {
  const expected = [{ family: 4, prefixLength: 32, network: '203.0.113.7/32' }];
  t.same(clientNetworks('::ffff:203.0.113.7'), expected, 'dotted tail');
  t.same(clientNetworks('::FFFF:cb00:7107'), expected, 'hex tail');
  t.same(clientNetworks('0:0:0:0:0:ffff:203.0.113.7'), expected, 'spelled out');
});

t.test('an IPv6 address gives its /64, /56 and /48, narrowest first', async (t) => {
  t.same(clientNetworks('2001:db8:1:2ab:c:d:e:f'), [
    { family: 6, prefixLength: 64, network: '2001:db8:1:2ab::/64' },
    { family: 6, prefixLength: 56, network: '2001:db8:1:200::/56' },
    { family: 6, prefixLength: 48, network: '2001:db8:1::/48' },
  ]);
});

t.test('every spelling of one network gives one canonical name (RFC 5952)', async (t) => {
  const networks = (ip: string) => clientNetworks(ip).map((n) => n.network);
  const canonical = ['2001:db8:0:1::/64', '2001:db8::/56', '2001:db8::/48'];
  t.same(networks('2001:0DB8:0000:0001:0000:0000:0000:0042'), canonical, 'uppercase, leading zeros');
  t.same(networks('2001:db8:0:1::42'), canonical, 'compressed');
  t.same(networks('2001:db8:0:1:ffff:ffff:ffff:ffff'), canonical, 'the last address of the /64');
  t.same(networks('2001:db8::1:0:0:42'), ['2001:db8::/64', '2001:db8::/56', '2001:db8::/48'], 'host bits dropped');
  t.same(networks('2001:0:0:1:2::'), ['2001:0:0:1::/64', '2001::/56', '2001::/48'], 'the longest zero run is the one compressed');
  t.same(networks('fe80::1%eth0'), ['fe80::/64', 'fe80::/56', 'fe80::/48'], 'a zone index is ignored');
  t.same(networks('::1'), ['::/64', '::/56', '::/48']);
});

t.test('addresses in different /64s of one /56 share the /56 and the /48 only', async (t) => {
  const [a64, a56, a48] = clientNetworks('2001:db8:aa:1::1');
  const [b64, b56, b48] = clientNetworks('2001:db8:aa:ff::1');
  const [c64, c56, c48] = clientNetworks('2001:db8:aa:100::1');
  t.not(a64?.network, b64?.network);
  t.equal(a56?.network, b56?.network);
  t.not(a56?.network, c56?.network, 'the next /56');
  t.equal(a48?.network, c48?.network);
  t.equal(b48?.network, c48?.network);
  t.not(b64?.network, c64?.network);
});

t.test('anything else is refused', async (t) => {
  for (const value of ['', 'unknown', '203.0.113', '2001:db8::g', '203.0.113.7/32']) {
    t.throws(() => clientNetworks(value), TypeError, JSON.stringify(value));
  }
});
