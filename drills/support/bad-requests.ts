import fc from 'fast-check';

/** One generated request: everything about it may be wrong. */
export interface BadRequest {
  kind: string;
  method: string;
  path: string;
  contentType: string | undefined;
  body: string | undefined;
}

const PATHS = ['/api/v1/auth/send-otp', '/api/v1/auth/verify-otp'];
const VALID_LOOKING_PHONE = '+919876543210';

const CONTROL = fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code));

/** Text a phone or code field should never be: unicode, control characters, look-alike digits. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: CONTROL, minLength: 1, maxLength: 20 }),
  fc.constantFrom('\u0000', '\u202e+919876543210', '+91 98765\u200b43210', '+९१९८७६५४३२१०', '１２３４５６', '+919876543210\n', '١٢٣٤٥٦', '\ud800', '💥💥💥', "' OR 1=1 --", '${7*7}', '{{7*7}}'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map((text) => `${VALID_LOOKING_PHONE}${text}`),
);

/** Values of the wrong type for a string field. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

const json = (value: unknown): string => JSON.stringify(value);

const bodies: Array<[string, fc.Arbitrary<string | undefined>]> = [
  ['wrong types', fc.record({ phone: wrongType, otp: fc.oneof(wrongType, fc.constant('123456')) }, { requiredKeys: [] }).map(json)],
  ['missing fields', fc.constantFrom(json({}), json({ otp: '123456' }), json({ phone: '' }), json({ otp: '' }), json([]), 'null', '""', '0', undefined)],
  ['unicode and control characters', fc.record({ phone: hostileText, otp: hostileText }).map(json)],
  ['unknown properties', fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 5 }).map((extra) => json({ phone: VALID_LOOKING_PHONE, otp: '12345x', ...extra, zz_unknown: 1 }))],
  [
    'huge bodies',
    fc.integer({ min: 5_000, max: 300_000 }).chain((size) =>
      fc.constantFrom(json({ phone: '9'.repeat(size) }), json({ phone: VALID_LOOKING_PHONE, otp: '1'.repeat(size) }), ' '.repeat(size) + json({ phone: VALID_LOOKING_PHONE })),
    ),
  ],
  [
    'bad JSON',
    fc.oneof(
      fc.string({ maxLength: 60 }).filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      }),
      fc.constantFrom('{', '{"phone":', '{"phone":"+919876543210"', "{'phone':'+919876543210'}", '{"phone":+919876543210}', '{"phone":"\\ud800"}', 'NaN', '{"phone":"a"}}'),
    ),
  ],
  [
    'deep nesting',
    fc.tuple(fc.integer({ min: 20, max: 20_000 }), fc.boolean()).map(([depth, arrays]) =>
      arrays ? `{"phone":${'['.repeat(depth)}${']'.repeat(depth)}}` : `${'{"phone":'.repeat(depth)}"x"${'}'.repeat(depth)}`,
    ),
  ],
  [
    'prototype pollution',
    fc.constantFrom(
      `{"__proto__":{"isAdmin":true},"phone":"${VALID_LOOKING_PHONE}"}`,
      `{"phone":"${VALID_LOOKING_PHONE}","constructor":{"prototype":{"polluted":true}}}`,
      `{"phone":{"__proto__":{"length":1}},"otp":"123456"}`,
      `{"phone":"${VALID_LOOKING_PHONE}","otp":"123456","__proto__":null}`,
      `{"prototype":{"x":1},"phone":"${VALID_LOOKING_PHONE}"}`,
    ),
  ],
];

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=drill',
  'application/xml',
  'application/json-patch+json',
  '*/*',
  undefined,
);

/** Every request kind, weighted evenly, with odd content types mixed in and the odd wrong method. */
export const badRequest: fc.Arbitrary<BadRequest> = fc
  .tuple(
    fc.oneof(...bodies.map(([kind, body]) => body.map((text) => ({ kind, body: text })))),
    fc.constantFrom(...PATHS),
    contentTypes,
    fc.constantFrom('POST', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE'),
  )
  .map(([{ kind, body }, path, contentType, method]) => ({ kind, method, path, contentType, body }));
