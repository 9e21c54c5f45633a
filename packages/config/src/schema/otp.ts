import { canonicalLocale } from '@otp/messages';
import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { defineSection } from './section.js';

/** Also read by the apps section, whose autofill checks render every template at this length. */
export const OTP_LENGTH = Type.Integer({ default: 6, minimum: 4, maximum: 10, description: 'Digits per code.' });

export const OTP_TTL_SECONDS = Type.Integer({ default: 600, minimum: 5, maximum: 86_400, description: 'How long a code stays valid.' });

export const OTP_MESSAGE_TEMPLATE = Type.String({
  default: 'Your IndoStar Naturals verification code is: {otp}. Valid for {minutes} minutes.',
  pattern: '\\{otp\\}',
  expected: 'a string containing {otp}',
  description: 'SMS text in English, the last resort of every template lookup. {otp} is the code (required); {minutes} is the lifetime in minutes.',
});

export const OTP_MESSAGE_TEMPLATES = Type.Optional(
  Type.String({
    description:
      'JSON object of SMS templates by BCP 47 locale, e.g. {"hi":"…{otp}…","ta":"…{otp}…"}, used when send-otp names that locale. Replaces the built-in Hindi; English is OTP_MESSAGE_TEMPLATE.',
  }),
);

/** Parses OTP_MESSAGE_TEMPLATES; problems() has refused anything malformed first. */
export function parseLocaleTemplates(value: string | undefined): Record<string, string> {
  return value ? (JSON.parse(value) as Record<string, string>) : {};
}

/** What is wrong with a map of templates by locale, in words (shared with APP_SETTINGS' messageTemplates). */
export function localeTemplatesProblem(value: unknown, options: { allowEnglish: boolean }): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JSON object of locale → template';
  for (const [locale, template] of Object.entries(value)) {
    if (!canonicalLocale(locale)) return `${locale} is not a BCP 47 locale (e.g. hi, en-IN)`;
    if (!options.allowEnglish && canonicalLocale(locale) === 'en') return 'en is OTP_MESSAGE_TEMPLATE; set English there';
    if (typeof template !== 'string' || !template.includes('{otp}')) return `the ${locale} template must be a string containing {otp}`;
  }
  return undefined;
}

export function localeTemplateProblems(value: string | undefined): ConfigProblem[] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [{ variable: 'OTP_MESSAGE_TEMPLATES', message: 'must be a JSON object of locale → template' }];
  }
  const problem = localeTemplatesProblem(parsed, { allowEnglish: false });
  return problem ? [{ variable: 'OTP_MESSAGE_TEMPLATES', message: problem }] : [];
}

/**
 * The code itself: its shape, lifetime and message, and the secrets that key it.
 * OTP_SECRET is read here but resolved in load.ts, because development may generate it.
 */
export const otp = defineSection({
  readBy: ['api', 'worker'],
  env: {
    OTP_LENGTH,
    OTP_TTL_SECONDS,
    OTP_MAX_ATTEMPTS: Type.Integer({
      default: 5,
      minimum: 1,
      maximum: 20,
      description: 'Wrong guesses after which a code is dead.',
    }),
    OTP_RESEND_COOLDOWN_SECONDS: Type.Integer({
      default: 30,
      minimum: 0,
      maximum: 3600,
      description: 'Minimum gap between two sends by one app to one phone.',
    }),
    OTP_SECRET: Type.Optional(
      Type.String({
        minLength: 32,
        description:
          'Keys the HMAC of stored codes and the encryption of job payloads. At least 32 characters. Required in production; generated into OTP_SECRET_FILE in development.',
      }),
    ),
    OTP_SECRET_PREVIOUS: Type.Optional(
      Type.String({
        minLength: 32,
        description:
          'A second secret, only ever read: codes stored and jobs queued under it still verify and deliver, while everything new uses OTP_SECRET. Holds the secret a rotation replaced (see docs/OPERATIONS.md); set it on the API and the worker alike, and unset it once OTP_TTL_SECONDS and the queue backlog have passed.',
      }),
    ),
    OTP_SECRET_FILE: Type.String({
      default: '.otp-secret',
      minLength: 1,
      description: 'Where development keeps its generated OTP_SECRET, so the API and worker share it across restarts.',
    }),
    OTP_MESSAGE_TEMPLATE,
    OTP_MESSAGE_TEMPLATES,
  },
  toConfig: (env) => ({
    length: env.OTP_LENGTH,
    ttlSeconds: env.OTP_TTL_SECONDS,
    maxAttempts: env.OTP_MAX_ATTEMPTS,
    resendCooldownSeconds: env.OTP_RESEND_COOLDOWN_SECONDS,
    messageTemplate: env.OTP_MESSAGE_TEMPLATE,
    previousSecret: env.OTP_SECRET_PREVIOUS,
    localeTemplates: parseLocaleTemplates(env.OTP_MESSAGE_TEMPLATES),
  }),
  problems: (env) => [
    ...(env.OTP_SECRET_PREVIOUS && env.OTP_SECRET_PREVIOUS === env.OTP_SECRET
      ? [{ variable: 'OTP_SECRET_PREVIOUS', message: 'must differ from OTP_SECRET: it holds the secret a rotation replaced' }]
      : []),
    ...localeTemplateProblems(env.OTP_MESSAGE_TEMPLATES),
  ],
});
