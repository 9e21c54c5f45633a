import { ServiceError } from '@otp/errors';
import { parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';

export interface Phone {
  /** Normalised E.164, e.g. `+919876543210`. */
  e164: string;
  /** ISO 3166-1 alpha-2 region, e.g. `IN`. */
  country: CountryCode;
  type: NumberType;
}

/** Number types that can receive an SMS. Everything else (premium, toll-free, unknown…) is refused. */
const SMS_CAPABLE_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/** Digits and the formatting people type between them; anything else is not a phone number. */
const INTERNATIONAL_FORMAT = /^\+[\d\s().-]{6,24}$/;

/**
 * Parses a phone number typed in international format and normalises it to E.164.
 * Requires a leading `+`: guessing a country for a bare number would send codes to
 * the wrong person.
 */
export function parsePhone(input: string): Phone {
  if (!INTERNATIONAL_FORMAT.test(input)) {
    throw new ServiceError('PHONE_INVALID', {
      message: 'The phone number must be in international E.164 format, e.g. +919876543210.',
    });
  }
  const parsed = parsePhoneNumberFromString(input);
  // With the full metadata, a number is valid exactly when it has a type, so the type is
  // looked up once (isValid() would run the same pattern matching again); isValid() is
  // only asked on the refusal path, to tell an invalid number from one of unknown type.
  const type = parsed?.getType();
  if (!parsed?.country || (!type && !parsed.isValid())) throw new ServiceError('PHONE_INVALID');
  if (!type || !SMS_CAPABLE_TYPES.has(type)) {
    throw new ServiceError('PHONE_NOT_SMS_CAPABLE', { details: { numberType: type ?? 'UNKNOWN' } });
  }
  return { e164: parsed.number, country: parsed.country, type };
}
