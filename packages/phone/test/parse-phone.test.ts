import { ServiceError } from '@otp/errors';
import { parsePhone } from '@otp/phone';
import t from 'tap';

function codeOf(input: string): string | undefined {
  try {
    parsePhone(input);
    return undefined;
  } catch (error) {
    return error instanceof ServiceError ? error.code : 'UNEXPECTED';
  }
}

t.test('normalises international input to E.164 with country and type', async (t) => {
  t.same(parsePhone('+919876543210'), { e164: '+919876543210', country: 'IN', type: 'MOBILE' });
  t.same(parsePhone('+91 98765-43210').e164, '+919876543210');
  t.same(parsePhone('+1 (201) 555-0123'), { e164: '+12015550123', country: 'US', type: 'FIXED_LINE_OR_MOBILE' });
});

t.test('refuses what is not an international number', async (t) => {
  for (const input of ['9876543210', '09876543210', '+91abc', '', '+', '+911234', '+15551234567', '+91 98765 43210 ext 5', '+٩١٩٨٧٦٥٤٣٢١٠']) {
    t.equal(codeOf(input), 'PHONE_INVALID', JSON.stringify(input));
  }
});

t.test('refuses numbers that cannot receive SMS', async (t) => {
  for (const input of ['+18005551234', '+19005551234', '+449090901234', '+911800123456']) {
    t.equal(codeOf(input), 'PHONE_NOT_SMS_CAPABLE', input);
  }
  const error = t.throws(() => parsePhone('+19005551234')) as ServiceError;
  t.same(error.details, { numberType: 'PREMIUM_RATE' });
});
