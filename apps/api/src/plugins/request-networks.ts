import { clientNetworks, type ClientNetwork } from '@otp/guard';
import type { FastifyRequest } from 'fastify';
import { isIP } from 'node:net';

/**
 * The networks of the client that sent `request`, narrowest first (see
 * clientNetworks): what per-client limits count by. The address is request.ip,
 * which is the socket's unless TRUST_PROXY lets a proxy name the client. A
 * trusted proxy could still forward something that is not an address; the
 * proxy itself then stands for the client, never a free-form string.
 */
export function requestNetworks(request: FastifyRequest): ClientNetwork[] {
  const forwarded = request.ip;
  const address = isIP(forwarded.replace(/%.*$/, '')) !== 0 ? forwarded : (request.socket.remoteAddress ?? forwarded);
  return clientNetworks(address);
}
