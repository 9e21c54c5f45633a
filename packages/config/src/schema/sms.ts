import type { Channel } from '@otp/channels';
import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { OTP_CHANNELS, parseChannelList } from './channels.js';
import { DELIVERY_RECORD_TTL_SECONDS, PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN } from './delivery.js';
import { defineSection } from './section.js';

const PROVIDERS = ['development', 'twilio', 'msg91'] as const;
export type SmsProviderName = (typeof PROVIDERS)[number];

const ProviderName = (options: { default?: SmsProviderName; description: string }) =>
  Type.Union(
    PROVIDERS.map((name) => Type.Literal(name)),
    options,
  );

const E164 = '^\\+[1-9]\\d{6,14}$';

/** Who carries WhatsApp and voice: Twilio, or the console in development (like SMS_PROVIDER=development). */
export type ChannelProviderName = Extract<SmsProviderName, 'twilio' | 'development'>;

function channelProviders(env: { OTP_CHANNELS: string; SMS_PROVIDER: SmsProviderName }): Partial<Record<Exclude<Channel, 'sms'>, ChannelProviderName>> {
  const provider: ChannelProviderName = env.SMS_PROVIDER === 'development' ? 'development' : 'twilio';
  const enabled = parseChannelList(env.OTP_CHANNELS);
  return Object.fromEntries((['whatsapp', 'voice'] as const).filter((channel) => enabled.includes(channel)).map((channel) => [channel, provider]));
}

/** `SMS_ROUTES` entries: an ISO country (or `*` for every other country) and the provider that serves it. */
export interface SmsRoute {
  country: string;
  provider: SmsProviderName;
}

const ROUTE_PATTERN = `^\\s*(\\*|[A-Za-z]{2})\\s*:\\s*(${PROVIDERS.join('|')})\\s*$`;

/** Parses `IN:msg91,*:twilio`. Invalid entries are reported by `problems`, so this never throws. */
export function parseRoutes(value: string): SmsRoute[] {
  return value
    .split(',')
    .map((entry) => new RegExp(ROUTE_PATTERN).exec(entry))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ country: (match[1] as string).toUpperCase(), provider: match[2] as SmsProviderName }));
}

/** The SMS providers the worker sends through: credentials, routing, failover, retries and rate. */
export const sms = defineSection({
  readBy: ['worker'],
  env: {
    SMS_PROVIDER: ProviderName({
      default: 'development',
      description: 'Who delivers the SMS: development (prints to the worker console; refused in production), twilio or msg91.',
    }),
    TWILIO_ACCOUNT_SID: Type.Optional(Type.String({ minLength: 1, description: 'Twilio Account SID (AC…). Required when Twilio is in use.' })),
    TWILIO_AUTH_TOKEN,
    TWILIO_PHONE_NUMBER: Type.Optional(
      Type.String({ minLength: 1, description: 'Sender number in E.164, used when TWILIO_MESSAGING_SERVICE_SID is not set.' }),
    ),
    TWILIO_MESSAGING_SERVICE_SID: Type.Optional(
      Type.String({ minLength: 1, description: 'Messaging Service SID (MG…); preferred over TWILIO_PHONE_NUMBER, recommended for India.' }),
    ),
    TWILIO_VOICE_NUMBER: Type.Optional(
      Type.String({
        pattern: E164,
        expected: 'a phone number in E.164, e.g. +15005550006',
        description: 'Caller ID of voice calls: a voice-capable Twilio number (or verified caller ID) in E.164. Defaults to TWILIO_PHONE_NUMBER.',
      }),
    ),
    TWILIO_WHATSAPP_FROM: Type.Optional(
      Type.String({
        pattern: E164,
        expected: 'a phone number in E.164, e.g. +14155238886',
        description: 'WhatsApp sender in E.164 (sent as whatsapp:+…). Unset: TWILIO_MESSAGING_SERVICE_SID, whose sender pool must hold a WhatsApp sender.',
      }),
    ),
    TWILIO_WHATSAPP_CONTENT_SID: Type.Optional(
      Type.String({
        pattern: '^HX[0-9a-fA-F]{32}$',
        expected: 'a Content SID: HX and 32 hex digits',
        description: 'The WhatsApp-approved authentication template (Content Template Builder, HX…); its one variable {{1}} carries the code.',
      }),
    ),
    TWILIO_API_BASE_URL: Type.String({
      default: 'https://api.twilio.com',
      pattern: '^https?://',
      description: "Origin of Twilio's REST API; point it at a proxy or a local fake.",
    }),
    MSG91_AUTH_KEY: Type.Optional(Type.String({ minLength: 1, description: 'MSG91 auth key, sent in the authkey header. Required when MSG91 is in use.' })),
    MSG91_TEMPLATE_ID: Type.Optional(
      Type.String({ minLength: 1, description: 'MSG91 OTP template id (DLT-approved for India). Required when MSG91 is in use.' }),
    ),
    MSG91_SENDER_ID: Type.Optional(Type.String({ minLength: 1, description: 'MSG91 sender id (6 letters in India), sent as sender.' })),
    MSG91_ROUTE: Type.Optional(Type.String({ minLength: 1, description: 'MSG91 route, sent as route (4 = transactional).' })),
    MSG91_API_BASE_URL: Type.String({
      default: 'https://control.msg91.com',
      pattern: '^https?://',
      description: "Origin of MSG91's v5 API; point it at a proxy or a local fake.",
    }),
    PUBLIC_BASE_URL,
    OTP_CHANNELS,
    SMS_ROUTES: Type.String({
      default: '',
      description: 'Provider per destination country, e.g. IN:msg91,*:twilio. Countries not listed use SMS_PROVIDER.',
    }),
    SMS_FALLBACK_PROVIDER: Type.Optional(
      ProviderName({ description: 'Provider for the next attempt after a provider-side failure (not after a bad number).' }),
    ),
    SMS_MAX_PER_SECOND: Type.Integer({
      default: 0,
      minimum: 0,
      maximum: 100_000,
      description: 'Sends per second across all workers (BullMQ limiter); 0 = no cap. A long code sends about 1/s.',
    }),
    SMS_PROVIDER_TIMEOUT_MS: Type.Integer({
      default: 10_000,
      minimum: 100,
      maximum: 120_000,
      description: 'Timeout of one provider API call; a timed-out call is retried.',
    }),
    SMS_RETRY_BASE_DELAY_MS: Type.Integer({
      default: 2000,
      minimum: 1,
      maximum: 600_000,
      description: 'First retry delay; each retry doubles it, with jitter.',
    }),
    SMS_RETRY_MAX_DELAY_MS: Type.Integer({
      default: 60_000,
      minimum: 1,
      maximum: 3_600_000,
      description: 'Longest delay between two attempts.',
    }),
    DELIVERY_RECORD_TTL_SECONDS,
  },
  toConfig: (env) => ({
    provider: env.SMS_PROVIDER,
    twilio: {
      accountSid: env.TWILIO_ACCOUNT_SID,
      authToken: env.TWILIO_AUTH_TOKEN,
      phoneNumber: env.TWILIO_PHONE_NUMBER,
      messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
      voiceNumber: env.TWILIO_VOICE_NUMBER ?? env.TWILIO_PHONE_NUMBER,
      whatsappFrom: env.TWILIO_WHATSAPP_FROM,
      whatsappContentSid: env.TWILIO_WHATSAPP_CONTENT_SID,
      apiBaseUrl: env.TWILIO_API_BASE_URL,
    },
    /** The providers of the enabled channels other than SMS. */
    channelProviders: channelProviders(env),
    msg91: {
      authKey: env.MSG91_AUTH_KEY,
      templateId: env.MSG91_TEMPLATE_ID,
      senderId: env.MSG91_SENDER_ID,
      route: env.MSG91_ROUTE,
      apiBaseUrl: env.MSG91_API_BASE_URL,
    },
    publicBaseUrl: env.PUBLIC_BASE_URL,
    routes: parseRoutes(env.SMS_ROUTES),
    fallbackProvider: env.SMS_FALLBACK_PROVIDER,
    maxPerSecond: env.SMS_MAX_PER_SECOND,
    providerTimeoutMs: env.SMS_PROVIDER_TIMEOUT_MS,
    retryBaseDelayMs: env.SMS_RETRY_BASE_DELAY_MS,
    retryMaxDelayMs: env.SMS_RETRY_MAX_DELAY_MS,
    deliveryRecordTtlSeconds: env.DELIVERY_RECORD_TTL_SECONDS,
  }),
  problems: (env) => {
    const problems: ConfigProblem[] = [];
    const entries = env.SMS_ROUTES.split(',').filter((entry) => entry.trim() !== '');
    const bad = entries.filter((entry) => !new RegExp(ROUTE_PATTERN).test(entry));
    if (bad.length > 0) {
      problems.push({
        variable: 'SMS_ROUTES',
        message: `entries must look like IN:msg91 or *:twilio (providers: ${PROVIDERS.join(', ')}); bad: ${bad.join(', ')}`,
      });
    }
    const inUse = new Set<SmsProviderName>([env.SMS_PROVIDER, ...parseRoutes(env.SMS_ROUTES).map((route) => route.provider)]);
    if (env.SMS_FALLBACK_PROVIDER) inUse.add(env.SMS_FALLBACK_PROVIDER);
    if (inUse.has('development') && env.NODE_ENV === 'production') {
      // It prints every code to the logs: in production that is a leak, and no SMS is sent.
      problems.push({ variable: 'SMS_PROVIDER', message: 'development (or a route to it) is refused when NODE_ENV=production: choose twilio or msg91' });
    }
    const need = (variable: keyof typeof env, provider: string) => {
      if (!env[variable] && !problems.some((p) => p.variable === variable)) {
        problems.push({ variable, message: `is required when ${provider} is in use (SMS_PROVIDER, SMS_ROUTES or SMS_FALLBACK_PROVIDER)` });
      }
    };
    if (inUse.has('twilio')) {
      need('TWILIO_ACCOUNT_SID', 'twilio');
      need('TWILIO_AUTH_TOKEN', 'twilio');
      if (!env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_PHONE_NUMBER) {
        problems.push({ variable: 'TWILIO_PHONE_NUMBER', message: 'or TWILIO_MESSAGING_SERVICE_SID is required when twilio is in use' });
      }
    }
    if (inUse.has('msg91')) {
      need('MSG91_AUTH_KEY', 'msg91');
      need('MSG91_TEMPLATE_ID', 'msg91');
    }
    problems.push(...channelProblems(env, problems));
    if (env.SMS_RETRY_MAX_DELAY_MS < env.SMS_RETRY_BASE_DELAY_MS) {
      problems.push({ variable: 'SMS_RETRY_MAX_DELAY_MS', message: 'must not be smaller than SMS_RETRY_BASE_DELAY_MS' });
    }
    return problems;
  },
});

/** The variables the channel rules read. */
interface ChannelEnv {
  OTP_CHANNELS: string;
  SMS_PROVIDER: SmsProviderName;
  TWILIO_ACCOUNT_SID?: string | undefined;
  TWILIO_AUTH_TOKEN?: string | undefined;
  TWILIO_PHONE_NUMBER?: string | undefined;
  TWILIO_VOICE_NUMBER?: string | undefined;
  TWILIO_MESSAGING_SERVICE_SID?: string | undefined;
  TWILIO_WHATSAPP_FROM?: string | undefined;
  TWILIO_WHATSAPP_CONTENT_SID?: string | undefined;
}

/**
 * Every enabled channel other than SMS needs its Twilio settings (unless the
 * development console stands in), each problem named once, whoever needs it.
 */
function channelProblems(env: ChannelEnv, found: readonly ConfigProblem[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (variable: string, message: string) => {
    if (![...found, ...problems].some((p) => p.variable === variable)) problems.push({ variable, message });
  };
  for (const [channel] of Object.entries(channelProviders(env)).filter(([, provider]) => provider === 'twilio')) {
    const because = `when OTP_CHANNELS includes ${channel}`;
    if (!env.TWILIO_ACCOUNT_SID) add('TWILIO_ACCOUNT_SID', `is required ${because}`);
    if (!env.TWILIO_AUTH_TOKEN) add('TWILIO_AUTH_TOKEN', `is required ${because}`);
    if (channel === 'whatsapp') {
      if (!env.TWILIO_WHATSAPP_CONTENT_SID) add('TWILIO_WHATSAPP_CONTENT_SID', `is required ${because}: WhatsApp codes go out as an approved template`);
      if (!env.TWILIO_WHATSAPP_FROM && !env.TWILIO_MESSAGING_SERVICE_SID) add('TWILIO_WHATSAPP_FROM', `or TWILIO_MESSAGING_SERVICE_SID is required ${because}`);
    }
    if (channel === 'voice' && !env.TWILIO_VOICE_NUMBER && !env.TWILIO_PHONE_NUMBER) add('TWILIO_VOICE_NUMBER', `or TWILIO_PHONE_NUMBER is required ${because}`);
  }
  return problems;
}
