import { DEFAULT_APP } from '@otp/config';
import type { Metrics } from '@otp/observability';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKeyRegistry } from './api-key-registry.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The app whose X-API-Key authenticated this request; the implicit app while the API runs without keys. */
    callerApp: string;
  }
}

export interface AuthOptions {
  registry: ApiKeyRegistry;
  metrics: Metrics;
}

/**
 * X-API-Key authentication for the routes registered in the same scope: it names
 * the app, the tenant whose codes and records the request may touch.
 * Without API_KEYS (never in production: config refuses to start) the routes
 * stay open and every request belongs to the one implicit app; buildApp warns
 * about that once at startup.
 */
async function authPlugin(app: FastifyInstance, { registry, metrics }: AuthOptions): Promise<void> {
  // With keys, the hook below sets the app before any handler runs; no request is ever left on the implicit app.
  app.decorateRequest('callerApp', DEFAULT_APP);
  if (registry.open) return;
  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const header = request.headers['x-api-key'];
    try {
      request.callerApp = registry.identify(Array.isArray(header) ? header[0] : header);
    } catch (error) {
      metrics.guardRejections.inc({ rule: 'api_key' });
      throw error;
    }
  };
  // A route hook, appended after the per-IP limit's own route hook (an instance hook would run
  // before it), so every wrong key counts against the caller's IP and keys cannot be guessed freely.
  app.addHook('onRoute', (route) => {
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [...existing, authenticate as onRequestHookHandler];
  });
}

export default fp(authPlugin, { name: 'otp-auth' });
