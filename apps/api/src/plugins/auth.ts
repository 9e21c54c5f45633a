import type { Metrics } from '@otp/observability';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKeyRegistry } from './api-key-registry.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The app whose X-API-Key authenticated this request; undefined while the API runs without keys. */
    callerApp: string | undefined;
  }
}

export interface AuthOptions {
  registry: ApiKeyRegistry;
  metrics: Metrics;
}

/**
 * X-API-Key authentication for the routes registered in the same scope.
 * Without API_KEYS (never in production: config refuses to start) the routes
 * stay open; buildApp warns about that once at startup.
 */
async function authPlugin(app: FastifyInstance, { registry, metrics }: AuthOptions): Promise<void> {
  app.decorateRequest('callerApp', undefined);
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
