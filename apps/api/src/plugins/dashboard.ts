import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { ServiceError } from '@otp/errors';
import { constantTimeEqual } from '@otp/observability';
import type { SmsJobData, SmsQueue } from '@otp/queue';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendServiceError } from './errors.js';

export interface DashboardOptions {
  queue: SmsQueue;
  username: string;
  password: string;
}

export const DASHBOARD_PATH = '/admin/queues';

/**
 * What Bull Board's UI needs and nothing more: its own scripts, inline styles,
 * its Google font, data: images and fetches to its own API. Scoped to the
 * dashboard's routes; the rest of the API keeps helmet's strict default.
 */
const DASHBOARD_CSP = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
      fontSrc: ["'self'", 'data:', 'https://fonts.gstatic.com'],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
  },
};

const REALM = 'Basic realm="otp-relay admin", charset="UTF-8"';

/**
 * Bull Board for the send queue, behind HTTP Basic auth. Registered as an
 * encapsulated plugin so its hooks (auth, CSP) touch only its routes.
 */
export async function dashboard(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  app.addHook('onRoute', (route) => {
    // Set on config directly: helmet's own onRoute hook (which copies `route.helmet` there) has already run.
    route.config = { ...route.config, helmet: DASHBOARD_CSP } as typeof route.config;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!hasValidCredentials(request, options)) {
      reply.header('www-authenticate', REALM);
      return sendServiceError(reply, new ServiceError('UNAUTHORIZED'));
    }
  });

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [sealedDataAdapter(options.queue)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'OTP Relay' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
}

/**
 * Job data already carries the phone and code only encrypted; the dashboard shows
 * even less, so an operator's screen never holds a blob worth copying.
 */
function sealedDataAdapter(queue: SmsQueue): BullMQAdapter {
  const adapter = new BullMQAdapter(queue.queue);
  adapter.setFormatter('data', (data: SmsJobData) => ({ ...data, sealed: '[encrypted]' }));
  return adapter;
}

function hasValidCredentials(request: FastifyRequest, expected: { username: string; password: string }): boolean {
  const encoded = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!encoded) return false;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return false;
  // Both compared every time, so timing does not reveal which half was wrong.
  const userOk = constantTimeEqual(decoded.slice(0, separator), expected.username);
  const passwordOk = constantTimeEqual(decoded.slice(separator + 1), expected.password);
  return userOk && passwordOk;
}

