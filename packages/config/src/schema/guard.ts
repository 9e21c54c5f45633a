import { isIP } from 'node:net';
import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { APP_SETTINGS, DEFAULT_APP, parseAppSettings } from './apps.js';
import { defineSection, type SectionEnv } from './section.js';

const APP_NAME = '[a-z0-9][a-z0-9_-]{0,31}';
/** `app:sha256hex`: the operator stores the SHA-256 of each key, never the key itself. */
const API_KEY_ENTRY = new RegExp(`^(${APP_NAME}):([0-9a-f]{64})$`);
const COUNTRY = /^[A-Z]{2}$/;
const TEST_NUMBER_ENTRY = /^(\+[1-9]\d{5,14}):(\d{4,10})$/;
/** Named ranges proxy-addr (Fastify's trustProxy) understands. */
const NAMED_PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
/** Defaults of the wider IPv6 tiers, as multiples of RATE_LIMIT_MAX. */
const IPV6_56_FACTOR = 4;
const IPV6_48_FACTOR = 20;

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
    description: 'Requests one client (an IPv4 address, or an IPv6 /64) may make to the /api/v1/auth endpoints per RATE_LIMIT_WINDOW.',
  }),
  RATE_LIMIT_MAX_IPV6_56: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 100_000_000,
      defaultText: `${IPV6_56_FACTOR} × \`RATE_LIMIT_MAX\``,
      description: 'Requests all the /64s of one IPv6 /56 may make together per RATE_LIMIT_WINDOW. At least RATE_LIMIT_MAX.',
    }),
  ),
  RATE_LIMIT_MAX_IPV6_48: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 100_000_000,
      defaultText: `${IPV6_48_FACTOR} × \`RATE_LIMIT_MAX\``,
      description: 'Requests all the /64s of one IPv6 /48 may make together per RATE_LIMIT_WINDOW. At least RATE_LIMIT_MAX_IPV6_56.',
    }),
  ),
  RATE_LIMIT_WINDOW: Type.Integer({
    default: 900,
    minimum: 1,
    maximum: 86_400,
    description: 'Window of the per-client limits (RATE_LIMIT_MAX and the IPv6 tiers), in seconds.',
  }),
  TRUST_PROXY: Type.String({
    default: 'false',
    pattern: '^(true|false|\\d{1,2}|[0-9a-zA-Z.:/, ]+)$',
    description:
      'Which proxies may name the client in X-Forwarded-For: false (none), the number of proxies in front of the API, or a comma-separated list of their addresses/CIDRs (loopback, linklocal and uniquelocal name the private ranges). true trusts every hop and is refused in production.',
  }),
  PHONE_SEND_LIMIT: Type.Integer({
    default: 5,
    minimum: 1,
    maximum: 1000,
    description: 'Codes one app may send to one phone per PHONE_SEND_WINDOW_SECONDS.',
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
    description: 'Codes one app may send to one phone per 24 hours.',
  }),
  PHONE_GLOBAL_DAILY_SEND_LIMIT: Type.Integer({
    default: 10,
    minimum: 1,
    maximum: 10_000,
    description:
      "SMS one phone may receive per 24 hours from all apps together, so several apps cannot be combined to flood one person's phone. Test numbers do not count.",
  }),
  PHONE_LOCKOUT_THRESHOLD: Type.Integer({
    default: 10,
    minimum: 1,
    maximum: 100,
    description:
      'Wrong guesses at one app\'s codes for one phone within PHONE_LOCKOUT_WINDOW_SECONDS that lock the phone for that app (sends and verifies). A resend does not reset the count; a successful verify does.',
  }),
  PHONE_LOCKOUT_WINDOW_SECONDS: Type.Integer({
    default: 86_400,
    minimum: 1,
    maximum: 2_592_000,
    description: 'Sliding window in which wrong guesses count towards PHONE_LOCKOUT_THRESHOLD, in seconds. A lock lasts until the oldest counted guess leaves it.',
  }),
  PHONE_LOCKOUT_SECONDS: Type.Integer({
    default: 3600,
    minimum: 1,
    maximum: 604_800,
    description: 'Shortest lock, in seconds: a lock lasts this long, or until the window lets a guess through again if that is later.',
  }),
  OTP_VERIFY_UNIFORM_ERRORS: Type.Boolean({
    default: false,
    description:
      'When true, a wrong code, no code, an expired and a dead code all answer the same 400 OTP_VERIFICATION_FAILED (no attemptsRemaining), so verify cannot tell whether a phone has a live code.',
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
      description:
        'Comma-separated `+E164:code` pairs that always accept their fixed code and are never sent an SMS: the test numbers of the implicit app, without API_KEYS. With API_KEYS, give each app its own in APP_SETTINGS (testPhoneNumbers).',
    }),
  ),
  ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION: Type.Boolean({
    default: false,
    description: 'Lets test numbers (APP_SETTINGS testPhoneNumbers) work when NODE_ENV=production (e.g. for app-store review).',
  }),
  // Read here too: the test numbers it gives each app are the API's alone, and so is their production rule.
  APP_SETTINGS,
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

/** An address, a CIDR or a named range, as proxy-addr takes them. */
function isProxyEntry(entry: string): boolean {
  if (NAMED_PROXY_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * `true` makes Fastify take the leftmost X-Forwarded-For entry, which the client
 * writes itself: behind any proxy that appends to the header, every request can
 * claim a fresh address and the per-IP limit stops nothing.
 */
function trustProxyProblems(e: GuardEnv & { NODE_ENV: string }): ConfigProblem[] {
  if (e.TRUST_PROXY === 'true' && e.NODE_ENV === 'production') {
    return [
      {
        variable: 'TRUST_PROXY',
        message:
          'true is refused when NODE_ENV=production: it trusts the leftmost X-Forwarded-For entry, which any client can write. Set the number of proxies in front of the API (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1)',
      },
    ];
  }
  const setting = parseTrustProxy(e.TRUST_PROXY);
  const bad = Array.isArray(setting) ? setting.filter((entry) => !isProxyEntry(entry)) : [];
  return bad.length > 0
    ? [{ variable: 'TRUST_PROXY', message: `entries ${bad.map((entry) => JSON.stringify(entry)).join(', ')} are not addresses, CIDRs or loopback/linklocal/uniquelocal` }]
    : [];
}

/** The wider IPv6 tiers: unset, they follow RATE_LIMIT_MAX. */
function ipv6TierLimits(e: GuardEnv): { 56: number; 48: number } {
  return {
    56: e.RATE_LIMIT_MAX_IPV6_56 ?? IPV6_56_FACTOR * e.RATE_LIMIT_MAX,
    48: e.RATE_LIMIT_MAX_IPV6_48 ?? IPV6_48_FACTOR * e.RATE_LIMIT_MAX,
  };
}

/** A wider network never gets less than a narrower one inside it, or the narrower limit would be dead. */
function ipTierProblems(e: GuardEnv): ConfigProblem[] {
  const tiers = ipv6TierLimits(e);
  const problems: ConfigProblem[] = [];
  if (tiers[56] < e.RATE_LIMIT_MAX) {
    problems.push({ variable: 'RATE_LIMIT_MAX_IPV6_56', message: `must be at least RATE_LIMIT_MAX (${e.RATE_LIMIT_MAX})` });
  }
  if (tiers[48] < tiers[56]) {
    problems.push({ variable: 'RATE_LIMIT_MAX_IPV6_48', message: `must be at least RATE_LIMIT_MAX_IPV6_56 (${tiers[56]})` });
  }
  return problems;
}

function parseTestNumbers(value: string | undefined): Record<string, string> {
  return Object.fromEntries(list(value).map((entry) => (TEST_NUMBER_ENTRY.exec(entry) ?? []).slice(1, 3)));
}

/** Each app's test numbers (fixed code by E.164); TEST_PHONE_NUMBERS belongs to the implicit app. */
function testNumbersByApp(e: GuardEnv): Record<string, Record<string, string>> {
  const byApp = Object.fromEntries(
    Object.entries(parseAppSettings(e.APP_SETTINGS)).flatMap(([app, settings]) => (settings.testPhoneNumbers ? [[app, settings.testPhoneNumbers]] : [])),
  );
  if (!e.TEST_PHONE_NUMBERS) return byApp;
  return { ...byApp, [DEFAULT_APP]: { ...byApp[DEFAULT_APP], ...parseTestNumbers(e.TEST_PHONE_NUMBERS) } };
}

/** The apps APP_SETTINGS gives test numbers; none while it is not valid JSON (the apps section reports that). */
function appsWithTestNumbers(value: string | undefined): string[] {
  try {
    return Object.entries(parseAppSettings(value)).flatMap(([app, settings]) => (settings?.testPhoneNumbers ? [app] : []));
  } catch {
    return [];
  }
}

function testNumberProblems(e: GuardEnv & { NODE_ENV: string }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (list(e.TEST_PHONE_NUMBERS).some((entry) => !TEST_NUMBER_ENTRY.test(entry))) {
    problems.push({ variable: 'TEST_PHONE_NUMBERS', message: 'entries must be +E164:code, e.g. +919999999999:123456' });
  } else if (e.TEST_PHONE_NUMBERS && list(e.API_KEYS).length > 0) {
    // Shared by every app, a fixed code would open each tenant's users to the others' testers.
    problems.push({
      variable: 'TEST_PHONE_NUMBERS',
      message: `holds the test numbers of the implicit app used without API_KEYS; with API_KEYS give each app its own: APP_SETTINGS={"<app>":{"testPhoneNumbers":{"+15550000001":"123456"}}}`,
    });
  }
  if (e.NODE_ENV !== 'production' || e.ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION) return problems;
  const refused = 'is refused when NODE_ENV=production unless ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION=true';
  if (e.TEST_PHONE_NUMBERS && problems.length === 0) problems.push({ variable: 'TEST_PHONE_NUMBERS', message: refused });
  const apps = appsWithTestNumbers(e.APP_SETTINGS);
  if (apps.length > 0) problems.push({ variable: 'APP_SETTINGS', message: `testPhoneNumbers (of ${apps.join(', ')}) ${refused}` });
  return problems;
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
      ipRateLimit: { max: e.RATE_LIMIT_MAX, ipv6NetworkMax: ipv6TierLimits(e), windowSeconds: e.RATE_LIMIT_WINDOW },
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
      phone: {
        sendLimit: e.PHONE_SEND_LIMIT,
        sendWindowSeconds: e.PHONE_SEND_WINDOW_SECONDS,
        dailySendLimit: e.PHONE_DAILY_SEND_LIMIT,
        globalDailySendLimit: e.PHONE_GLOBAL_DAILY_SEND_LIMIT,
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
      testPhoneNumbers: testNumbersByApp(e),
      uniformVerifyErrors: e.OTP_VERIFY_UNIFORM_ERRORS,
    };
  },
  problems: (e) => [...apiKeyProblems(e), ...trustProxyProblems(e), ...ipTierProblems(e), ...otherProblems(e), ...testNumberProblems(e)],
});
