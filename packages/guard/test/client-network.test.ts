import { clientNetworks } from '@otp/guard';
import t from 'tap';

t.test('IPv4, and IPv4 seen through a dual-stack socket, is grouped by its address alone', async (t) => {
  t.same(clientNetworks('203.0.113.7'), [{ family: 4, prefixLength: 32, network: '203.0.113.7/32' }]);
  t.same(clientNetworks('::ffff:203.0.113.7'), [{ family: 4, prefixLength: 32, network: '203.0.113.7/32' }]);
  t.same(clientNetworks('::FFFF:cb00:7107'), [{ family: 4, prefixLength: 32, network: '203.0.113.7/32' }], 'hex form of the mapped address');
});

t.test('IPv6 is grouped by its /64, /56 and /48, narrowest first, in canonical compressed form', async (t) => {
  t.same(clientNetworks('2001:db8:1:2:3:4:5:6'), [
    { family: 6, prefixLength: 64, network: '2001:db8:1:2::/64' },
    { family: 6, prefixLength: 56, network: '2001:db8:1::/56' },
    { family: 6, prefixLength: 48, network: '2001:db8:1::/48' },
  ]);
  t.same(
    clientNetworks('2001:0DB8:00AA:BBCC:0000:0000:0000:0001').map((n) => n.network),
    ['2001:db8:aa:bbcc::/64', '2001:db8:aa:bb00::/56', '2001:db8:aa::/48'],
    'leading zeros dropped, lowercase, the /56 keeps the high byte of the fourth group',
  );
  t.same(
    clientNetworks('2001:db8:0:0:1::1').map((n) => n.network),
    ['2001:db8::/64', '2001:db8::/56', '2001:db8::/48'],
    'the longest zero run becomes ::',
  );
  t.same(clientNetworks('fe80::1%eth0').map((n) => n.network)[0], 'fe80::/64', 'a zone id is ignored');
  t.same(clientNetworks('::1').map((n) => n.network), ['::/64', '::/56', '::/48']);
  t.same(
    clientNetworks('2001:db8:1:2:3:4:5:6').map((n) => n.network),
    clientNetworks('2001:db8:1:2:ffff:ffff:ffff:ffff').map((n) => n.network),
    'two addresses of one /64 share every network',
  );
  t.not(clientNetworks('2001:db8:1:102::1')[1]?.network, clientNetworks('2001:db8:1:2::1')[1]?.network, 'other /56, same /48');
  t.same(clientNetworks('2001:db8:1:102::1')[2], clientNetworks('2001:db8:1:2::1')[2]);
});

t.test('an address that does not parse has no networks', async (t) => {
  t.same(clientNetworks('not-an-ip'), []);
  t.same(clientNetworks(''), []);
  t.same(clientNetworks('2001:db8::1::2'), []);
});
