import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DeliveryStore } from '@otp/delivery';
import { ServiceError } from '@otp/errors';
import { ErrorResponse } from '../schemas/common.js';
import { DeliveryRecordSchema, OtpRequestParams } from '../schemas/delivery.js';

export interface DeliveryStatusRoutesOptions {
  delivery: DeliveryStore;
}

export const deliveryStatusRoutes: FastifyPluginAsyncTypebox<DeliveryStatusRoutesOptions> = async (app, { delivery }) => {
  app.get(
    '/api/v1/auth/otp-requests/:requestId',
    {
      schema: {
        summary: 'Delivery status of one send request',
        tags: ['otp'],
        params: OtpRequestParams,
        response: { 200: DeliveryRecordSchema, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      const record = await delivery.get(request.params.requestId);
      // Another app's request is, to this caller, a request that does not exist: the same answer as an unknown id.
      if (!record || record.app !== request.callerApp) throw new ServiceError('OTP_REQUEST_NOT_FOUND');
      return record;
    },
  );
};
