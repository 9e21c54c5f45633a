import { ERROR_CATALOGUE } from '@otp/errors';
import { Type } from 'typebox';

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.Union(Object.keys(ERROR_CATALOGUE).map((code) => Type.Literal(code))),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'ErrorResponse', description: 'Every error has this shape. Branch on `code`, never on `message`.' },
);

/** E.164 as typed by a person; parsePhone does the real validation and normalisation. */
export const PhoneField = Type.String({
  minLength: 1,
  maxLength: 32,
  description: 'Phone number in international E.164 format.',
  examples: ['+919876543210'],
});
