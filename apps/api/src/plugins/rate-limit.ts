import rateLimit from '@fastify/rate-limit';
import { ServiceError } from '@otp/errors';
import type { ClientNetwork } from '@otp/guard';
import type { Metrics } from '@otp/observability';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Cluster, Redis } from 'ioredis';
import { requestNetworks } from './request-networks.js';

export interface IpRateLimitOptions {
  /** The request-path client: the limit is shared by every API replica. */
  redis: Redis | Cluster;
  /** REDIS_KEY_PREFIX, so deployments sharing a Redis keep separate counts. */
  keyPrefix: string;
  /** Requests per window per IPv4 address or IPv6 /64. Default 5 (RATE_LIMIT_MAX). */
  max: number;
  /** Requests per window per IPv6 /56 and /48 (RATE_LIMIT_MAX_IPV6_56, RATE_LIMIT_MAX_IPV6_48). */
  ipv6NetworkMax: { 56: number; 48: number };
  /** Default 900 (RATE_LIMIT_WINDOW). */
  windowSeconds: number;
  metrics: Metrics;
}

/** One counter per client network of one size; `rule` names it in otp_guard_rejections_total. */
interface Tier {
  rule: string;
  max: number;
  /** The tier's network of a client, or undefined when the tier does not apply to it (IPv4 has no /56). */
  network(networks: ClientNetwork[]): ClientNetwork | undefined;
}

/** The key of a client a tier does not count (an IPv4 client of an IPv6 tier). */
const NOT_APPLICABLE = '';

/**
 * Per-client rate limit for the routes registered in the same scope: one budget
 * shared by all of them, in Redis. A client is an IPv4 address or an IPv6 /64,
 * because one device or household gets a whole /64 and can pick any of its 2^64
 * addresses. The /64s of one /56 and of one /48 share larger budgets of their
 * own, so renting a /48 buys an attacker one wider budget, not 65 536 narrow ones.
 *
 * The client address is the socket's, unless TRUST_PROXY lets Fastify take it
 * from X-Forwarded-For.
 */
async function ipRateLimitPlugin(app: FastifyInstance, options: IpRateLimitOptions): Promise<void> {
  const tiers: Tier[] = [
    { rule: 'ip', max: options.max, network: (networks) => networks[0] },
    { rule: 'ip6_56', max: options.ipv6NetworkMax[56], network: (networks) => networks.find((n) => n.prefixLength === 56) },
    { rule: 'ip6_48', max: options.ipv6NetworkMax[48], network: (networks) => networks.find((n) => n.prefixLength === 48) },
  ];
  // Narrowest first, each its own registration (and route hook): a request the /64 refuses never counts against its /48.
  for (const [index, tier] of tiers.entries()) await registerTier(app, options, tier, index === 0);
}

async function registerTier(app: FastifyInstance, options: IpRateLimitOptions, tier: Tier, headers: boolean): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: tier.max,
    timeWindow: options.windowSeconds * 1000,
    redis: options.redis,
    // Keys end in the network's CIDR (…:ip:2001:db8:1:2::/64), so the tiers never share a counter.
    nameSpace: `${options.keyPrefix}ratelimit:ip:`,
    keyGenerator: (request) => tier.network(requestNetworks(request))?.network ?? NOT_APPLICABLE,
    allowList: (_request, key) => key === NOT_APPLICABLE,
    // RateLimit-Limit/-Remaining/-Reset (IETF draft) and Retry-After: the narrowest tier's on every
    // answer, a wider tier's only on the answer it refuses.
    enableDraftSpec: true,
    ...(headers ? {} : { addHeadersOnExceeding: { 'ratelimit-limit': false, 'ratelimit-remaining': false, 'ratelimit-reset': false } }),
    // A Redis outage answers 503 like every other Redis-backed check, rather than dropping the limit.
    skipOnError: false,
    onExceeded: () => options.metrics.guardRejections.inc({ rule: tier.rule }),
    errorResponseBuilder: (_request, context) => {
      const waitSeconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new ServiceError('RATE_LIMITED', {
        retryAfterSeconds: waitSeconds,
        rateLimit: { limit: context.max, remaining: 0, resetSeconds: waitSeconds },
      });
    },
  });
}

export default fp(ipRateLimitPlugin, { name: 'otp-ip-rate-limit' });
