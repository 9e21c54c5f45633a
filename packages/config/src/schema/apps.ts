import { CHANNELS, type Channel } from '@otp/channels';
import { ANDROID_APP_HASH_PATTERN, MessageCatalogue, WEB_OTP_DOMAIN_PATTERN, autofillProblems, segmentWarnings } from '@otp/messages';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { ConfigProblem } from '../config-error.js';
import { describeExpected } from '../describe.js';
import { duplicateChannel, OTP_CHANNEL_FALLBACK, OTP_CHANNELS, parseChannelList } from './channels.js';
import { localeTemplateProblems, localeTemplatesProblem, OTP_LENGTH, OTP_MESSAGE_TEMPLATE, OTP_MESSAGE_TEMPLATES, OTP_TTL_SECONDS, parseLocaleTemplates } from './otp.js';
import { defineSection, type SectionEnv } from './section.js';

/**
 * The app that owns every code, cooldown, limit and record while the API runs
 * without API_KEYS (development), so the open API is one tenant like any other.
 * APP_SETTINGS may configure it under this name.
 */
export const DEFAULT_APP = 'default';

const ChannelList = (expected: string, description: string) =>
  Type.Array(Type.Union(CHANNELS.map((channel) => Type.Literal(channel))), { minItems: 1, expected, description });

/** A Standard Webhooks secret: `whsec_` and the base64 of 24 to 64 random bytes. */
const WEBHOOK_SECRET_PATTERN = '^whsec_[A-Za-z0-9+/]{32,88}={0,2}$';

/** What one app may set for itself in APP_SETTINGS. Add a setting here and it is validated and typed. */
const AppSettingsSchema = Type.Object(
  {
    messageTemplate: Type.Optional(
      Type.String({
        pattern: '\\{otp\\}',
        expected: 'a string containing {otp}',
        description: "SMS text for this app's codes; {otp} required, {minutes} optional.",
      }),
    ),
    messageTemplates: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        expected: 'an object of BCP 47 locale → template containing {otp}',
        description: "This app's SMS templates by locale, tried before the deployment's.",
      }),
    ),
    sendsPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: "This app's send ceiling per minute." })),
    dailyBudget: Type.Optional(
      Type.Number({ minimum: 0.000001, maximum: 100_000_000, description: "This app's daily budget (SMS, or money with SMS_PRICES), under SMS_DAILY_BUDGET." }),
    ),
    testPhoneNumbers: Type.Optional(
      Type.Record(Type.String({ pattern: '^\\+[1-9]\\d{5,14}$' }), Type.String({ pattern: '^\\d{4,10}$' }), {
        additionalProperties: false,
        expected: 'an object of "+E164": "code" pairs, e.g. {"+15550000001":"123456"}',
        description: "This app's test numbers: each accepts its fixed code, for this app only, and is never sent an SMS.",
      }),
    ),
    channels: Type.Optional(ChannelList(`a list of ${CHANNELS.join(', ')}`, 'Channels this app may use: a subset of OTP_CHANNELS.')),
    channelFallback: Type.Optional(ChannelList('a list of channels in fallback order', "This app's fallback order, e.g. [\"whatsapp\",\"sms\"].")),
    webOtpDomain: Type.Optional(
      Type.String({
        pattern: WEB_OTP_DOMAIN_PATTERN,
        expected: 'a lowercase host name, e.g. shop.example.com (no scheme, no port)',
        description: 'Adds the WebOTP line `@<domain> #<code>` as the last line of the SMS.',
      }),
    ),
    androidAppHash: Type.Optional(
      Type.String({
        pattern: ANDROID_APP_HASH_PATTERN,
        expected: "the 11-character hash of Android's SMS Retriever API",
        description: 'Adds the app hash on its own line; the SMS must then fit 140 bytes.',
      }),
    ),
    webhookUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+', expected: 'an http(s) URL', description: 'Where this app receives events.' })),
    webhookSecret: Type.Optional(
      Type.String({
        pattern: WEBHOOK_SECRET_PATTERN,
        expected: 'a Standard Webhooks secret: whsec_ and the base64 of 24 to 64 random bytes',
        description: 'Signs the events (Standard Webhooks).',
      }),
    ),
  },
  { additionalProperties: false },
);

export type AppSettings = Static<typeof AppSettingsSchema>;

/** Read by the guard section too, for the test numbers it gives each app (see guard.ts). */
export const APP_SETTINGS = Type.Optional(
  Type.String({
    description:
      'JSON object of per-app settings, e.g. {"shop":{"messageTemplate":"Your Shop code is {otp}","sendsPerMinute":120,"dailyBudget":500,"testPhoneNumbers":{"+15550000001":"123456"}}}. Without API_KEYS the one implicit app is named default. See README (Apps) for every setting.',
  }),
);

const env = {
  APP_SETTINGS,
  // Read here too: per-app channels narrow these, and the autofill checks render the templates.
  OTP_CHANNELS,
  OTP_CHANNEL_FALLBACK,
  OTP_LENGTH,
  OTP_TTL_SECONDS,
  OTP_MESSAGE_TEMPLATE,
  OTP_MESSAGE_TEMPLATES,
};

type AppsEnv = SectionEnv<typeof env>;

export function parseAppSettings(value: string | undefined): Record<string, AppSettings> {
  return value ? (JSON.parse(value) as Record<string, AppSettings>) : {};
}

function appSettingsProblems(e: AppsEnv): ConfigProblem[] {
  if (!e.APP_SETTINGS) return [];
  let settings: unknown;
  try {
    settings = JSON.parse(e.APP_SETTINGS);
  } catch {
    return [{ variable: 'APP_SETTINGS', message: 'must be a JSON object' }];
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    return [{ variable: 'APP_SETTINGS', message: 'must be a JSON object keyed by app name' }];
  }
  const enabled = parseChannelList(e.OTP_CHANNELS);
  const problems = Object.entries(settings).flatMap(([app, value]) => {
    const problem = appProblem(value) ?? crossProblem(value as AppSettings, enabled);
    return problem ? [{ variable: 'APP_SETTINGS', message: `${app}: ${problem}` }] : [];
  });
  // Only well-formed templates can be rendered; the otp section reports a malformed OTP_MESSAGE_TEMPLATES.
  if (problems.length > 0 || localeTemplateProblems(e.OTP_MESSAGE_TEMPLATES).length > 0) return problems;
  return autofillProblems(catalogueOf(e), e.OTP_LENGTH).map((p) => ({ variable: 'APP_SETTINGS', message: `${p.app}: ${p.message}` }));
}

/** The first thing wrong with one app's settings taken alone, in words. */
function appProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const known = Object.keys(AppSettingsSchema.properties);
  const unknown = Object.keys(value).find((key) => !known.includes(key));
  if (unknown) return `unknown setting ${unknown} (use ${known.join(', ')})`;
  const [error] = [...Value.Errors(AppSettingsSchema, value)];
  if (!error) return undefined;
  const setting = error.instancePath.split('/')[1] as keyof typeof AppSettingsSchema.properties;
  return `${setting} must be ${describeExpected(AppSettingsSchema.properties[setting])}`;
}

/** What is wrong between one app's settings and the rest of the configuration. */
function crossProblem(settings: AppSettings, enabled: readonly Channel[]): string | undefined {
  if (settings.messageTemplates) {
    const problem = localeTemplatesProblem(settings.messageTemplates, { allowEnglish: true });
    if (problem) return `messageTemplates: ${problem}`;
  }
  const own = settings.channels ?? enabled;
  for (const [setting, list] of [['channels', settings.channels], ['channelFallback', settings.channelFallback]] as const) {
    const twice = list && duplicateChannel(list);
    if (twice) return `${setting} lists ${twice} twice`;
  }
  const notEnabled = settings.channels?.find((channel) => !enabled.includes(channel));
  if (notEnabled) return `channels includes ${notEnabled}, which OTP_CHANNELS does not enable`;
  const notOwn = settings.channelFallback?.find((channel) => !own.includes(channel));
  if (notOwn) return `channelFallback names ${notOwn}, which this app's channels do not include`;
  if (Boolean(settings.webhookUrl) !== Boolean(settings.webhookSecret)) return 'webhookUrl and webhookSecret go together: set both or neither';
  return undefined;
}

function catalogueOf(e: AppsEnv): MessageCatalogue {
  return new MessageCatalogue({
    englishTemplate: e.OTP_MESSAGE_TEMPLATE,
    localeTemplates: parseLocaleTemplates(e.OTP_MESSAGE_TEMPLATES),
    apps: parseAppSettings(e.APP_SETTINGS),
    ttlSeconds: e.OTP_TTL_SECONDS,
  });
}

/** Per-app settings: the API applies their limits, test numbers and channels, the worker their texts, channels and webhooks. */
export const apps = defineSection({
  readBy: ['api', 'worker'],
  env,
  toConfig: (e) => parseAppSettings(e.APP_SETTINGS),
  problems: (e) => appSettingsProblems(e),
  warnings: (e) => segmentWarnings(catalogueOf(e), e.OTP_LENGTH),
});
