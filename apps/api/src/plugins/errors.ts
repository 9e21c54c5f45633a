import { ERROR_CATALOGUE, ServiceError, type ErrorCode } from '@otp/errors';
import { isRedisUnavailableError } from '@otp/redis';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Fastify's own error codes, translated into the catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/** Turns any thrown error into a ServiceError: the one shape clients ever see. */
export function toServiceError(error: FastifyError | Error): ServiceError {
  if (error instanceof ServiceError) return error;
  if (isRedisUnavailableError(error)) return new ServiceError('SERVICE_UNAVAILABLE', { cause: error });
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return new ServiceError('VALIDATION_FAILED', {
      message: `${fastifyError.validationContext ?? 'request'}${fastifyError.validation[0]?.instancePath ?? ''} ${fastifyError.validation[0]?.message ?? 'is invalid'}`,
      details: {
        errors: fastifyError.validation.map((issue) => ({ path: issue.instancePath || '/', message: issue.message })),
      },
    });
  }
  const code = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (code) return new ServiceError(code, { cause: error });
  const status = fastifyError.statusCode ?? 500;
  // Other 4xx errors from fastify or its plugins carry safe, client-facing messages.
  if (status >= 400 && status < 500) return new ServiceError('BAD_REQUEST', { message: error.message, cause: error });
  return new ServiceError('INTERNAL_ERROR', { cause: error });
}

export function sendServiceError(reply: FastifyReply, error: ServiceError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  if (error.rateLimit) {
    reply.header('ratelimit-limit', String(error.rateLimit.limit));
    reply.header('ratelimit-remaining', String(error.rateLimit.remaining));
    reply.header('ratelimit-reset', String(error.rateLimit.resetSeconds));
  }
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(error.toJSON());
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const serviceError = toServiceError(error);
    // Budget exhaustion is logged once, at error level, by the guard; a line per refused request would flood.
    if (serviceError.statusCode >= 500 && serviceError.code !== 'SMS_BUDGET_EXHAUSTED') {
      request.log.error({ err: error, code: serviceError.code }, 'request failed');
    } else {
      request.log.info({ code: serviceError.code }, 'request refused');
    }
    return sendServiceError(reply, serviceError);
  });

  app.setNotFoundHandler((request, reply) =>
    sendServiceError(
      reply,
      new ServiceError('ROUTE_NOT_FOUND', { message: `${ERROR_CATALOGUE.ROUTE_NOT_FOUND.message} (${request.method} ${request.url.split('?')[0]})` }),
    ),
  );
}

export default fp(errorsPlugin, { name: 'otp-errors' });
