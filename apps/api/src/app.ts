import helmet from '@fastify/helmet';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '@otp/config';
import type { DeliveryStore } from '@otp/delivery';
import type { Logger, Metrics } from '@otp/observability';
import type { VerificationService } from '@otp/verification';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import errors from './plugins/errors.js';
import { deliveryStatusRoutes } from './routes/delivery-status.js';
import { otpRoutes } from './routes/otp.js';
import { webhookRoutes } from './routes/webhooks.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  verification: VerificationService;
  delivery: DeliveryStore;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Builds the API without listening, so tests drive it with `app.inject()`. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.server.bodyLimit,
    // Strict input: unknown properties are refused, not silently dropped, and "123" is not coerced to 123.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    requestIdHeader: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errors);
  await app.register(helmet);
  await app.register(otpRoutes, { verification: deps.verification });
  await app.register(deliveryStatusRoutes, { delivery: deps.delivery });
  await app.register(webhookRoutes, {
    delivery: deps.delivery,
    metrics: deps.metrics,
    twilioAuthToken: deps.config.sms.twilio.authToken,
    publicBaseUrl: deps.config.sms.publicBaseUrl,
    msg91WebhookSecret: deps.config.sms.msg91.webhookSecret,
  });
  return app;
}
