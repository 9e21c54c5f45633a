import { Type } from 'typebox';

export const RootResponse = Type.Object(
  {
    service: Type.Literal('otp-relay'),
    docs: Type.String({ description: 'Swagger UI.' }),
    openapi: Type.String({ description: 'The OpenAPI 3 document.' }),
    health: Type.String({ description: 'Readiness probe.' }),
  },
  { description: 'Where to start: the API documentation.' },
);
