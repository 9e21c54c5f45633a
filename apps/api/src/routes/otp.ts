import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { VerificationService } from '@otp/verification';
import { ErrorResponse } from '../schemas/common.js';
import { SendOtpAccepted, SendOtpBody, VerifyOtpBody, VerifyOtpOk } from '../schemas/otp.js';

export interface OtpRoutesOptions {
  verification: VerificationService;
}

export const otpRoutes: FastifyPluginAsyncTypebox<OtpRoutesOptions> = async (app, { verification }) => {
  app.post(
    '/api/v1/auth/send-otp',
    {
      schema: {
        summary: 'Send a one-time code by SMS',
        tags: ['otp'],
        body: SendOtpBody,
        response: { 202: SendOtpAccepted, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const caller = { app: request.callerApp, captchaToken: request.body.captchaToken, clientIp: request.ip };
      return reply.code(202).send(await verification.send(request.body.phone, caller));
    },
  );

  app.post(
    '/api/v1/auth/verify-otp',
    {
      schema: {
        summary: 'Check a code the user typed',
        tags: ['otp'],
        body: VerifyOtpBody,
        response: { 200: VerifyOtpOk, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      await verification.verify(request.body.phone, request.body.otp, { app: request.callerApp });
      return { verified: true as const };
    },
  );
};
