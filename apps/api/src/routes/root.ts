import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RootResponse } from '../schemas/root.js';

/** A first visit to the bare origin finds the documentation instead of a 404. */
export const rootRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { schema: { summary: 'Pointer to the API documentation', tags: ['operations'], response: { 200: RootResponse } } },
    async () => ({ service: 'otp-relay' as const, docs: '/docs', openapi: '/docs/json', health: '/health/ready' }),
  );
};
