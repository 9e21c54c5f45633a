import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Builds the OpenAPI 3 document from the routes' TypeBox schemas (served at
 * /docs/json) and the Swagger UI at /docs. Registered before the routes, so it sees them all.
 */
async function openapiPlugin(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'OTP Relay',
        version: '1.0.0',
        description: 'Send one-time codes by SMS and verify them. Every error has the ErrorResponse shape; branch on `code`.',
      },
      tags: [
        { name: 'otp', description: 'Send and verify one-time codes' },
        { name: 'operations', description: 'Health probes and Prometheus metrics' },
      ],
    },
  });
  // staticCSP: the UI's own CSP on its routes, so it works under helmet without loosening the rest of the API.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: false } });
}

export default fp(openapiPlugin, { name: 'otp-openapi' });
