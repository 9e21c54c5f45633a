import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Helmet's default headers, as helmet() sets them. Computed once: they never change,
 * while @fastify/helmet builds helmet's whole middleware chain (parsing the CSP
 * directives again) on every request, which the bench profile put at about 6% of
 * the API's CPU per request.
 */
function defaultHelmetHeaders(): Array<[string, string]> {
  const headers = new Map<string, string>();
  const collector = {
    setHeader: (name: string, value: string) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  };
  helmet()({} as IncomingMessage, collector as unknown as ServerResponse, () => undefined);
  return [...headers];
}

/**
 * Helmet's headers on every route. Routes with their own helmet options (the dashboard's
 * CSP) are still served by @fastify/helmet, registered non-global: it applies only to them.
 */
async function securityHeadersPlugin(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, { global: false });
  const headers = defaultHelmetHeaders();
  app.addHook('onRequest', (request, reply, done) => {
    // Set on the raw response as helmet does, so a route's own reply.header() still wins.
    if ((request.routeOptions.config as { helmet?: unknown }).helmet === undefined) for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}

export default fp(securityHeadersPlugin, { name: 'otp-security-headers' });
