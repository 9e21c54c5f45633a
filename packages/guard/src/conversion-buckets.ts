import { clientNetworks, type ClientNetwork } from './client-network.js';

/** What a bucket groups sends by. A bounded set: it labels metrics, where a phone or an address never may. */
export type BucketKind = 'country' | 'range' | 'app' | 'ipv4' | 'ipv6_64' | 'ipv6_56' | 'ipv6_48';

export interface ConversionBucket {
  kind: BucketKind;
  /** The bucket's field name in Redis: `c:IN`, `r:+919876543`, `a:shop`, `n:2001:db8::/48`. No spaces. */
  id: string;
}

export interface BucketedSend {
  country: string;
  /** The number range (PREFIX_THROTTLE_RANGE_DIGITS): the number without its last digits. */
  range: string;
  app: string;
  clientIp?: string | undefined;
}

/** Every bucket one send is counted in and judged by: at most six (an IPv6 client has three networks). */
export function conversionBuckets(send: BucketedSend): ConversionBucket[] {
  return [
    { kind: 'country', id: `c:${send.country}` },
    { kind: 'range', id: `r:${send.range}` },
    { kind: 'app', id: `a:${send.app}` },
    ...(send.clientIp ? clientNetworks(send.clientIp) : []).map((network) => ({ kind: networkKind(network), id: `n:${network.network}` })),
  ];
}

function networkKind(network: ClientNetwork): BucketKind {
  if (network.family === 4) return 'ipv4';
  return network.prefixLength === 64 ? 'ipv6_64' : network.prefixLength === 56 ? 'ipv6_56' : 'ipv6_48';
}
