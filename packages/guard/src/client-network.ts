import { isIPv4, isIPv6 } from 'node:net';

/** A network a client address belongs to, in CIDR notation. */
export interface ClientNetwork {
  family: 4 | 6;
  prefixLength: number;
  /** Canonical CIDR: `203.0.113.7/32`, or RFC 5952 compressed IPv6 such as `2001:db8:1:2::/64`. */
  network: string;
}

/**
 * One subscriber usually holds a whole IPv6 /64 (often a /56 or /48), so one IPv6
 * address says little: these are the networks a client is grouped by, narrowest first.
 * IPv4 clients, IPv4-mapped IPv6 included, are grouped by their address alone.
 */
const IPV6_PREFIXES = [64, 56, 48] as const;

/**
 * The networks `ip` is grouped by: one /32 for IPv4 (and IPv4-mapped IPv6), else
 * the /64, /56 and /48 around it, narrowest first. An unparseable address has none.
 */
export function clientNetworks(ip: string): ClientNetwork[] {
  const address = ip.replace(/%.*$/, '');
  if (isIPv4(address)) return [ipv4Network(address)];
  if (!isIPv6(address)) return [];
  const hextets = parseIPv6(address);
  const mapped = ipv4Mapped(hextets);
  if (mapped) return [ipv4Network(mapped)];
  return IPV6_PREFIXES.map((prefixLength) => ({ family: 6, prefixLength, network: `${compress(masked(hextets, prefixLength))}/${prefixLength}` }));
}

function ipv4Network(address: string): ClientNetwork {
  return { family: 4, prefixLength: 32, network: `${address}/32` };
}

/** The eight 16-bit groups of a valid IPv6 address, an embedded dotted IPv4 tail included. */
function parseIPv6(address: string): number[] {
  const lower = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(lower);
  const text = dotted
    ? `${lower.slice(0, dotted.index)}${((Number(dotted[1]) << 8) | Number(dotted[2])).toString(16)}:${((Number(dotted[3]) << 8) | Number(dotted[4])).toString(16)}`
    : lower;
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const front = groups(head);
  if (tail === undefined) return front;
  const back = groups(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** `::ffff:a.b.c.d` is an IPv4 client seen through a dual-stack socket. */
function ipv4Mapped(hextets: number[]): string | undefined {
  if (hextets.slice(0, 5).some((group) => group !== 0) || hextets[5] !== 0xffff) return undefined;
  const [high = 0, low = 0] = hextets.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

function masked(hextets: number[], prefixLength: number): number[] {
  return hextets.map((group, i) => {
    const bits = Math.min(Math.max(prefixLength - i * 16, 0), 16);
    return bits === 0 ? 0 : group & ((0xffff << (16 - bits)) & 0xffff);
  });
}

/** RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups (the first on a tie) as `::`. */
function compress(hextets: number[]): string {
  let best = { start: -1, length: 1 };
  for (let i = 0; i < hextets.length; ) {
    let end = i;
    while (end < hextets.length && hextets[end] === 0) end++;
    if (end - i > best.length) best = { start: i, length: end - i };
    i = end === i ? i + 1 : end;
  }
  const hex = hextets.map((group) => group.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
