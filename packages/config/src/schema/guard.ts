import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { defineSection, type SectionEnv } from './section.js';

const APP_NAME = '[a-z0-9][a-z0-9_-]{0,31}';
/** `app:sha256hex`: the operator stores the SHA-256 of each key, never the key itself. */
const API_KEY_ENTRY = new RegExp(`^(${APP_NAME}):([0-9a-f]{64})$`);
const COUNTRY = /^[A-Z]{2}$/;
const TEST_NUMBER_ENTRY = /^(\+[1-9]\d{5,14}):(\d{4,10})$/;

const env = {
  API_KEYS: Type.Optional(
    Type.String({
      description:
        'Comma-separated `app:sha256hex` pairs: the app name and the SHA-256 (hex) of its X-API-Key. Required in production; when unset outside production the API is open.',
    }),
  ),
  APP_SENDS_PER_MINUTE: Type.Integer({
    default: 60,
    minimum: 1,
    maximum: 1_000_000,
    description: 'Sends per minute one app may make, unless APP_SETTINGS gives it its own ceiling.',
  }),
  RATE_LIMIT_MAX: Type.Integer({
    default: 5,
    minimum: 1,
    maximum: 1_000_000,
    description: 'Requests one client IP may make to the /api/v1/auth endpoints per RATE_LIMIT_WINDOW.',
  }),
  RATE_LIMIT_WINDOW: Type.Integer({
    default: 900,
    minimum: 1,
    maximum: 86_400,
    description: 'Per-IP rate-limit window, in seconds.',
  }),
  TRUST_PROXY: Type.String({
    default: 'false',
    pattern: '^(true|false|\\d{1,2}|[0-9a-fA-F.:/, ]+)$',
    description:
      'Whether the client IP comes from X-Forwarded-For: false (default), true (trust every proxy), a hop count, or a comma-separated list of proxy addresses/CIDRs.',
  }),
  PHONE_SEND_LIMIT: Type.Integer({
    default: 5,
    minimum: 1,
    maximum: 1000,
    description: 'Codes one phone may be sent per PHONE_SEND_WINDOW_SECONDS.',
  }),
  PHONE_SEND_WINDOW_SECONDS: Type.Integer({
    default: 3600,
    minimum: 1,
    maximum: 86_400,
    description: 'Window of PHONE_SEND_LIMIT, in seconds.',
  }),
  PHONE_DAILY_SEND_LIMIT: Type.Integer({
    default: 10,
    minimum: 1,
    maximum: 10_000,
    description: 'Codes one phone may be sent per 24 hours.',
  }),
  PHONE_LOCKOUT_THRESHOLD: Type.Integer({
    default: 3,
    minimum: 1,
    maximum: 100,
    description: 'Codes of one phone that may die from wrong guesses within PHONE_LOCKOUT_WINDOW_SECONDS before the phone is locked.',
  }),
  PHONE_LOCKOUT_WINDOW_SECONDS: Type.Integer({
    default: 86_400,
    minimum: 1,
    maximum: 604_800,
    description: 'Window in which dead codes are counted towards a lockout, in seconds.',
  }),
  PHONE_LOCKOUT_SECONDS: Type.Integer({
    default: 3600,
    minimum: 1,
    maximum: 604_800,
    description: 'How long a locked phone gets no new code and no verification, in seconds.',
  }),
  SMS_ALLOWED_COUNTRIES: Type.String({
    default: 'IN',
    pattern: '^(\\*|[A-Z]{2}(,[A-Z]{2})*)$',
    description: 'Comma-separated ISO 3166-1 alpha-2 countries SMS may go to, or * for all.',
  }),
  SMS_COUNTRY_HOURLY_LIMIT: Type.Integer({
    default: 100,
    minimum: 1,
    maximum: 100_000_000,
    description: 'Sends per hour to one destination country. Keep it well below the daily budget, so it acts before the budget is gone.',
  }),
  SMS_COUNTRY_HOURLY_LIMITS: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{2}:\\d+(,[A-Z]{2}:\\d+)*$',
      description: 'Per-country overrides of SMS_COUNTRY_HOURLY_LIMIT, e.g. IN:5000,US:100.',
    }),
  ),
  PREFIX_THROTTLE_LIMIT: Type.Integer({
    default: 10,
    minimum: 1,
    maximum: 1_000_000,
    description: 'Sends per PREFIX_THROTTLE_WINDOW_SECONDS to one number range.',
  }),
  PREFIX_THROTTLE_WINDOW_SECONDS: Type.Integer({
    default: 600,
    minimum: 1,
    maximum: 86_400,
    description: 'Window of PREFIX_THROTTLE_LIMIT, in seconds.',
  }),
  PREFIX_THROTTLE_RANGE_DIGITS: Type.Integer({
    default: 3,
    minimum: 1,
    maximum: 6,
    description: 'Trailing digits that vary within one throttled range: 3 makes +9198765432xx a range of 1000 numbers.',
  }),
  CAPTCHA_PROVIDER: Type.Union([Type.Literal('none'), Type.Literal('turnstile'), Type.Literal('hcaptcha')], {
    default: 'none',
    description: 'CAPTCHA checked on send-otp: none, turnstile (Cloudflare) or hcaptcha.',
  }),
  CAPTCHA_MODE: Type.Union([Type.Literal('always'), Type.Literal('throttled')], {
    default: 'always',
    description:
      'always: every send-otp needs captchaToken. throttled: only a send the conversion rules would throttle is asked for one (CAPTCHA_REQUIRED); with a valid token it goes through.',
  }),
  CAPTCHA_SECRET: Type.Optional(
    Type.String({ minLength: 1, description: 'Server-side secret of the CAPTCHA provider. Required when CAPTCHA_PROVIDER is set.' }),
  ),
  CAPTCHA_VERIFY_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: "Overrides the provider's siteverify URL (tests point it at a local fake).",
    }),
  ),
  CAPTCHA_TIMEOUT_MS: Type.Integer({
    default: 3000,
    minimum: 100,
    maximum: 30_000,
    description: 'How long to wait for the CAPTCHA provider before answering 503.',
  }),
  TEST_PHONE_NUMBERS: Type.Optional(
    Type.String({
      description: 'Comma-separated `+E164:code` pairs that always accept their fixed code and are never sent an SMS.',
    }),
  ),
  ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION: Type.Boolean({
    default: false,
    description: 'Lets TEST_PHONE_NUMBERS work when NODE_ENV=production (e.g. for app-store review).',
  }),
};

type GuardEnv = SectionEnv<typeof env>;

const CAPTCHA_VERIFY_URLS = {
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
} as const;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function parseApiKeys(value: string | undefined): Array<{ app: string; sha256: string }> {
  return list(value).map((entry) => {
    const [, app = '', sha256 = ''] = API_KEY_ENTRY.exec(entry) ?? [];
    return { app, sha256 };
  });
}

function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return list(value);
}

function parseTestNumbers(value: string | undefined): Record<string, string> {
  return Object.fromEntries(list(value).map((entry) => (TEST_NUMBER_ENTRY.exec(entry) ?? []).slice(1, 3)));
}

function apiKeyProblems(e: GuardEnv & { NODE_ENV: string }): ConfigProblem[] {
  const entries = list(e.API_KEYS);
  if (entries.length === 0) {
    return e.NODE_ENV === 'production' ? [{ variable: 'API_KEYS', message: 'is required when NODE_ENV=production' }] : [];
  }
  const bad = entries.filter((entry) => !API_KEY_ENTRY.test(entry));
  if (bad.length > 0) {
    // Only the app name is echoed: the rest might be a plaintext key pasted by mistake.
    const names = bad.map((entry) => JSON.stringify(entry.split(':')[0]));
    return [{ variable: 'API_KEYS', message: `entries for ${names.join(', ')} must be app:sha256hex (64 lowercase hex digits)` }];
  }
  const apps = parseApiKeys(e.API_KEYS).map((k) => k.app);
  const duplicates = apps.filter((app, i) => apps.indexOf(app) !== i);
  return duplicates.length > 0 ? [{ variable: 'API_KEYS', message: `app ${duplicates[0]} is listed twice; give each app one key` }] : [];
}

function otherProblems(e: GuardEnv & { NODE_ENV: string }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (e.CAPTCHA_PROVIDER !== 'none' && !e.CAPTCHA_SECRET) {
    problems.push({ variable: 'CAPTCHA_SECRET', message: `is required when CAPTCHA_PROVIDER=${e.CAPTCHA_PROVIDER}` });
  }
  const badNumbers = list(e.TEST_PHONE_NUMBERS).filter((entry) => !TEST_NUMBER_ENTRY.test(entry));
  if (badNumbers.length > 0) {
    problems.push({ variable: 'TEST_PHONE_NUMBERS', message: 'entries must be +E164:code, e.g. +919999999999:123456' });
  }
  if (e.TEST_PHONE_NUMBERS && e.NODE_ENV === 'production' && !e.ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION) {
    problems.push({
      variable: 'TEST_PHONE_NUMBERS',
      message: 'is refused when NODE_ENV=production unless ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION=true',
    });
  }
  const closed = list(e.SMS_COUNTRY_HOURLY_LIMITS).filter((pair) => Number(pair.split(':')[1]) === 0);
  if (closed.length > 0) {
    // A cap of 0 would refuse every send, with a Retry-After that can never come true.
    problems.push({ variable: 'SMS_COUNTRY_HOURLY_LIMITS', message: `${closed.join(', ')} would refuse every send; leave the country out of SMS_ALLOWED_COUNTRIES instead` });
  }
  if (list(e.SMS_ALLOWED_COUNTRIES).some((c) => c !== '*' && !COUNTRY.test(c))) {
    problems.push({ variable: 'SMS_ALLOWED_COUNTRIES', message: 'must be ISO country codes such as IN,US, or *' });
  }
  return problems;
}

/** Abuse protection: callers, rate limits, fraud and cost guards. */
export const guard = defineSection({
  readBy: ['api'],
  env,
  toConfig: (e) => {
    return {
      apiKeys: parseApiKeys(e.API_KEYS),
      appSendsPerMinute: e.APP_SENDS_PER_MINUTE,
      ipRateLimit: { max: e.RATE_LIMIT_MAX, windowSeconds: e.RATE_LIMIT_WINDOW },
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
      phone: {
        sendLimit: e.PHONE_SEND_LIMIT,
        sendWindowSeconds: e.PHONE_SEND_WINDOW_SECONDS,
        dailySendLimit: e.PHONE_DAILY_SEND_LIMIT,
        lockoutThreshold: e.PHONE_LOCKOUT_THRESHOLD,
        lockoutWindowSeconds: e.PHONE_LOCKOUT_WINDOW_SECONDS,
        lockoutSeconds: e.PHONE_LOCKOUT_SECONDS,
      },
      allowedCountries: e.SMS_ALLOWED_COUNTRIES === '*' ? ('*' as const) : list(e.SMS_ALLOWED_COUNTRIES),
      countryHourlyLimit: e.SMS_COUNTRY_HOURLY_LIMIT,
      countryHourlyLimits: Object.fromEntries(
        list(e.SMS_COUNTRY_HOURLY_LIMITS).map((pair) => {
          const [country = '', limit = '0'] = pair.split(':');
          return [country, Number(limit)];
        }),
      ),
      prefixThrottle: {
        limit: e.PREFIX_THROTTLE_LIMIT,
        windowSeconds: e.PREFIX_THROTTLE_WINDOW_SECONDS,
        rangeDigits: e.PREFIX_THROTTLE_RANGE_DIGITS,
      },
      captcha:
        e.CAPTCHA_PROVIDER === 'none'
          ? null
          : {
              provider: e.CAPTCHA_PROVIDER,
              mode: e.CAPTCHA_MODE,
              secret: e.CAPTCHA_SECRET ?? '',
              verifyUrl: e.CAPTCHA_VERIFY_URL ?? CAPTCHA_VERIFY_URLS[e.CAPTCHA_PROVIDER],
              timeoutMs: e.CAPTCHA_TIMEOUT_MS,
            },
      testPhoneNumbers: parseTestNumbers(e.TEST_PHONE_NUMBERS),
    };
  },
  problems: (e) => [...apiKeyProblems(e), ...otherProblems(e)],
});
