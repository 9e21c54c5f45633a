import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import rateLimit from '@fastify/rate-limit';
import { ServiceError } from '@otp/errors';
import { constantTimeEqual, type Metrics } from '@otp/observability';
import type { SmsJobData, SmsQueue } from '@otp/queue';
import type { RedisClient } from '@otp/redis';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendServiceError } from './errors.js';
import { requestNetworks } from './request-networks.js';

export interface DashboardOptions {
  queue: SmsQueue;
  username: string;
  password: string;
  /** ADMIN_READ_ONLY: every change refused, so no job can be retried (and no code resent) from here. */
  readOnly: boolean;
  /** Failed logins one client may make per window before even the right password waits. */
  login: { maxFailures: number; windowSeconds: number };
  /** Holds the login throttle, shared by every API replica. */
  redis: RedisClient;
  keyPrefix: string;
  metrics: Metrics;
  /** PUBLIC_BASE_URL: an origin accepted for changes besides the request's own host. */
  publicBaseUrl: string | undefined;
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

/** Methods that only read; every other one changes jobs or queues. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const REALM = 'Basic realm="otp-relay admin", charset="UTF-8"';

/**
 * Bull Board for the send queue, behind HTTP Basic auth. Registered as an
 * encapsulated plugin so its hooks (throttle, auth, CSP) touch only its routes.
 *
 * Every request passes, in order: the login throttle (a client over its failed
 * logins waits, whatever it sends, so a right guess cannot be told from a
 * wrong one), the credentials, then for changes the Origin check (a browser
 * sends cached Basic credentials with a forged cross-site request, and Origin
 * is what such a request cannot fake) and the read-only rules.
 */
export async function dashboard(app: FastifyInstance, options: DashboardOptions): Promise<void> {
  app.addHook('onRoute', (route) => {
    // Set on config directly: helmet's own onRoute hook (which copies `route.helmet` there) has already run.
    route.config = { ...route.config, helmet: DASHBOARD_CSP } as typeof route.config;
  });
  const throttle = await loginThrottle(app, options);
  app.addHook('onRequest', async (request, reply) => {
    const wait = await throttle.waitSeconds(request);
    if (wait !== undefined) {
      options.metrics.guardRejections.inc({ rule: 'dashboard_login' });
      return sendServiceError(reply, new ServiceError('RATE_LIMITED', { retryAfterSeconds: wait }));
    }
    if (!hasValidCredentials(request, options)) {
      // A request without credentials asks for the login prompt (browsers send one first); only a wrong guess counts.
      if (request.headers.authorization !== undefined) await throttle.failed(request);
      reply.header('www-authenticate', REALM);
      return sendServiceError(reply, new ServiceError('UNAUTHORIZED'));
    }
    const refusal = await changeRefusal(request, options);
    if (refusal) return sendServiceError(reply, refusal);
  });

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: [sealedDataAdapter(options.queue, options.readOnly)],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'OTP Relay' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
}

interface LoginThrottle {
  /** Seconds until the client may try again, or undefined while it has failures left. */
  waitSeconds(request: FastifyRequest): Promise<number | undefined>;
  failed(request: FastifyRequest): Promise<void>;
}

/**
 * Failed logins per client network (an IPv4 address or an IPv6 /64), counted by
 * @fastify/rate-limit in Redis. Only wrong credentials count: one page of the
 * dashboard fires dozens of requests, which must never lock its operator out.
 */
async function loginThrottle(app: FastifyInstance, options: DashboardOptions): Promise<LoginThrottle> {
  await app.register(rateLimit, {
    global: false,
    max: options.login.maxFailures,
    timeWindow: options.login.windowSeconds * 1000,
    redis: options.redis,
    nameSpace: `${options.keyPrefix}ratelimit:dashboard-login:`,
    keyGenerator: (request) => requestNetworks(request)[0]?.network ?? '',
    skipOnError: false,
  });
  const failures = app.createRateLimit();
  return {
    async waitSeconds(request) {
      const state = await failures(request, { increment: false });
      return !state.isAllowed && state.remaining === 0 ? Math.max(1, state.ttlInSeconds) : undefined;
    },
    async failed(request) {
      await failures(request);
    },
  };
}

/**
 * Why a change is refused, if it is: it does not come from the dashboard's own
 * origin, the dashboard is read-only, or it retries a completed job (its SMS went
 * out; a retry would send the still-live code again, outside every limit).
 */
async function changeRefusal(request: FastifyRequest, options: DashboardOptions): Promise<ServiceError | undefined> {
  if (READING_METHODS.has(request.method)) return undefined;
  if (!fromOwnOrigin(request, options.publicBaseUrl)) return new ServiceError('ORIGIN_NOT_ALLOWED');
  if (options.readOnly) return new ServiceError('DASHBOARD_READ_ONLY');
  if (await retriesCompletedJobs(request, options.queue)) {
    return new ServiceError('DASHBOARD_READ_ONLY', { message: 'Completed jobs cannot be retried: that would send their code again.' });
  }
  return undefined;
}

/** Browsers send Origin with every request that is not a GET or HEAD; it must name this host (or PUBLIC_BASE_URL). */
function fromOwnOrigin(request: FastifyRequest, publicBaseUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  if (!origin || !URL.canParse(origin)) return false;
  const { protocol, host, origin: normalized } = new URL(origin);
  // Read with the origin's scheme, so a Host header that spells out the default port still matches.
  const ownHost = URL.canParse(`${protocol}//${request.host}`) ? new URL(`${protocol}//${request.host}`).host : undefined;
  return host === ownHost || (publicBaseUrl !== undefined && normalized === new URL(publicBaseUrl).origin);
}

/** Bull Board's two retry routes: all jobs in one state, or one job by id. */
async function retriesCompletedJobs(request: FastifyRequest, queue: SmsQueue): Promise<boolean> {
  const route = request.routeOptions.url ?? '';
  const params = request.params as { queueStatus?: string; jobId?: string };
  if (route.endsWith('/retry/:queueStatus')) return params.queueStatus === 'completed';
  if (route.endsWith('/:jobId/retry') && params.jobId) return (await queue.queue.getJobState(params.jobId)) === 'completed';
  return false;
}

/**
 * Job data already carries the phone and code only encrypted; the dashboard shows
 * even less, so an operator's screen never holds a blob worth copying.
 */
function sealedDataAdapter(queue: SmsQueue, readOnly: boolean): BullMQAdapter {
  // Read-only, the UI hides its buttons; the server refuses the changes anyway (see changeRefusal).
  const adapter = new BullMQAdapter(queue.queue, { readOnlyMode: readOnly });
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

