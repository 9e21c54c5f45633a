import { isIP, isIPv4 } from 'node:net';

/** One network a client address belongs to, named in canonical CIDR form (e.g. `2001:db8:1:2::/64`). */
export interface ClientNetwork {
  family: 4 | 6;
  prefixLength: number;
  network: string;
}

/**
 * The IPv6 networks a client is counted in, narrowest first. One household or
 * one VM usually gets a /64, so a /64 is one client; a /56 is one customer of
 * most ISPs and hosting providers, a /48 one site (tunnel brokers hand out /48s
 * for free), so an attacker rotating through the addresses of a /64, or the
 * /64s of a /48, still lands in one bucket.
 */
const IPV6_PREFIX_LENGTHS = [64, 56, 48] as const;

const IPV6_GROUPS = 8;
const GROUP_BITS = 16;

/**
 * The networks `ip` belongs to, for per-client counters. An IPv4 address (also
 * when written as IPv4-mapped IPv6, as dual-stack sockets report it) is one /32;
 * an IPv6 address gives its /64, /56 and /48, narrowest first.
 * Throws a TypeError when `ip` is not an IP address.
 */
export function clientNetworks(ip: string): ClientNetwork[] {
  // A zone index (fe80::1%eth0) names the server's interface, not the client.
  const address = ip.replace(/%.*$/, '');
  if (isIPv4(address)) return [ipv4Network(address)];
  if (isIP(address) !== 6) throw new TypeError('clientNetworks: not an IP address');
  const groups = parseIPv6(address);
  if (isIPv4Mapped(groups)) return [ipv4Network(ipv4FromGroups(groups))];
  return IPV6_PREFIX_LENGTHS.map((prefixLength) => ({
    family: 6 as const,
    prefixLength,
    network: `${formatIPv6(maskGroups(groups, prefixLength))}/${prefixLength}`,
  }));
}

function ipv4Network(address: string): ClientNetwork {
  return { family: 4, prefixLength: 32, network: `${address}/32` };
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and a dotted IPv4 tail converted. */
function parseIPv6(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string): number[] => (part === '' ? [] : part.split(':').flatMap(groupsOfPiece));
  const left = groupsOf(head);
  if (tail === undefined) return left;
  const right = groupsOf(tail);
  return [...left, ...new Array<number>(IPV6_GROUPS - left.length - right.length).fill(0), ...right];
}

function groupsOfPiece(piece: string): number[] {
  if (!piece.includes('.')) return [Number.parseInt(piece, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

/** ::ffff:a.b.c.d */
function isIPv4Mapped(groups: number[]): boolean {
  return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}

function ipv4FromGroups(groups: number[]): string {
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

function maskGroups(groups: number[], prefixLength: number): number[] {
  return groups.map((group, index) => {
    const kept = Math.min(GROUP_BITS, Math.max(0, prefixLength - index * GROUP_BITS));
    return kept === 0 ? 0 : group & ((0xffff << (GROUP_BITS - kept)) & 0xffff);
  });
}

/**
 * RFC 5952 text form: lowercase hex without leading zeros, and the longest run
 * of two or more zero groups (the first, on a tie) written as `::`. One
 * spelling per network, so `2001:DB8:0:0::` and `2001:db8::` share a counter.
 */
function formatIPv6(groups: number[]): string {
  let best = { start: -1, length: 0 };
  for (let start = 0; start < groups.length; ) {
    let end = start;
    while (end < groups.length && groups[end] === 0) end++;
    if (end - start > best.length) best = { start, length: end - start };
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.length < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
