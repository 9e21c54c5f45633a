import { Type } from 'typebox';
import { PhoneField } from './common.js';

export const SendOtpBody = Type.Object(
  {
    phone: PhoneField,
    captchaToken: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description:
          'The CAPTCHA widget token (Turnstile or hCaptcha). With CAPTCHA_PROVIDER set, required on every send (CAPTCHA_MODE=always) or only after an answer CAPTCHA_REQUIRED (CAPTCHA_MODE=throttled).',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SendOtpAccepted = Type.Object({
  requestId: Type.String({ description: 'Id of this send; look up its delivery status with it.' }),
  expiresInSeconds: Type.Integer({ description: 'How long the code will stay valid.' }),
  resendAfterSeconds: Type.Integer({ description: 'Wait at least this long before asking for another code.' }),
});

export const VerifyOtpBody = Type.Object(
  {
    phone: PhoneField,
    otp: Type.String({ pattern: '^[0-9]{4,10}$', description: 'The code the user typed.', examples: ['123456'] }),
  },
  { additionalProperties: false },
);

export const VerifyOtpOk = Type.Object({ verified: Type.Literal(true) });
