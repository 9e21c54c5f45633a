import { ConfigError, loadApiConfig, loadWorkerConfig } from '@otp/config';
import t from 'tap';

const base = { NODE_ENV: 'test', OTP_SECRET: 'x'.repeat(32) };
const worker = (env: Record<string, string>) => loadWorkerConfig({ ...base, ...env }, { dotenv: false });
const api = (env: Record<string, string>) => loadApiConfig({ ...base, ...env }, { dotenv: false });
const problems = (load: (env: Record<string, string>) => unknown, env: Record<string, string>): Record<string, string> => {
  try {
    load(env);
    return {};
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return Object.fromEntries(error.problems.map((p) => [p.variable, p.message]));
  }
};

const CONTENT_SID = `HX${'0123456789abcdef'.repeat(2)}`;
const TWILIO = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'ACx', TWILIO_AUTH_TOKEN: 'token', TWILIO_PHONE_NUMBER: '+15005550006' };

t.test('SMS only by default, no fallback, in both processes', async (t) => {
  t.same(worker({}).config.channels, { enabled: ['sms'], fallback: [] });
  t.same(api({}).config.channels, { enabled: ['sms'], fallback: [] });
  t.same(worker({}).config.sms.channelProviders, {});
});

t.test('in development every channel prints to the console', async (t) => {
  const { config } = worker({ OTP_CHANNELS: 'sms, whatsapp,voice', OTP_CHANNEL_FALLBACK: 'whatsapp>sms>voice' });
  t.same(config.channels, { enabled: ['sms', 'whatsapp', 'voice'], fallback: ['whatsapp', 'sms', 'voice'] });
  t.same(config.sms.channelProviders, { whatsapp: 'development', voice: 'development' });
});

t.test('a channel enabled without its Twilio settings is an error naming each variable once', async (t) => {
  t.same(Object.keys(problems(worker, { SMS_PROVIDER: 'msg91', MSG91_AUTH_KEY: 'k', MSG91_TEMPLATE_ID: 't', OTP_CHANNELS: 'sms,whatsapp,voice' })).sort(), [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'TWILIO_VOICE_NUMBER',
    'TWILIO_WHATSAPP_CONTENT_SID',
    'TWILIO_WHATSAPP_FROM',
  ]);
  t.match(problems(worker, { ...TWILIO, OTP_CHANNELS: 'whatsapp' }), {
    TWILIO_WHATSAPP_CONTENT_SID: /required when OTP_CHANNELS includes whatsapp/,
    TWILIO_WHATSAPP_FROM: /or TWILIO_MESSAGING_SERVICE_SID/,
  });
  t.same(problems(worker, { ...TWILIO, OTP_CHANNELS: 'whatsapp', TWILIO_WHATSAPP_CONTENT_SID: CONTENT_SID, TWILIO_MESSAGING_SERVICE_SID: 'MGx' }), {}, 'a Messaging Service may carry WhatsApp');
  t.match(problems(worker, { ...TWILIO, TWILIO_WHATSAPP_CONTENT_SID: 'HXnot-a-sid' }), { TWILIO_WHATSAPP_CONTENT_SID: /HX and 32 hex digits/ });
  t.match(problems(worker, { ...TWILIO, TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886' }), { TWILIO_WHATSAPP_FROM: /E\.164/ });
});

t.test('the voice caller ID defaults to TWILIO_PHONE_NUMBER', async (t) => {
  t.equal(worker({ ...TWILIO, OTP_CHANNELS: 'sms,voice' }).config.sms.twilio.voiceNumber, '+15005550006');
  const own = worker({ ...TWILIO, OTP_CHANNELS: 'voice', TWILIO_VOICE_NUMBER: '+15005550010' }).config.sms;
  t.equal(own.twilio.voiceNumber, '+15005550010');
  t.same(own.channelProviders, { voice: 'twilio' });
});

t.test('the API needs no provider settings to know which channels it serves', async (t) => {
  t.same(api({ SMS_PROVIDER: 'twilio', OTP_CHANNELS: 'whatsapp,sms' }).config.channels.enabled, ['whatsapp', 'sms']);
});

t.test('the fallback order may only name enabled channels, each once', async (t) => {
  t.match(problems(api, { OTP_CHANNEL_FALLBACK: 'whatsapp>sms>voice', OTP_CHANNELS: 'sms,whatsapp' }), { OTP_CHANNEL_FALLBACK: /names voice, which OTP_CHANNELS does not enable/ });
  t.match(problems(api, { OTP_CHANNELS: 'sms,sms' }), { OTP_CHANNELS: /lists sms twice/ });
  t.match(problems(api, { OTP_CHANNELS: 'sms,whatsapp', OTP_CHANNEL_FALLBACK: 'sms>whatsapp>sms' }), { OTP_CHANNEL_FALLBACK: /twice/ });
  t.match(problems(api, { OTP_CHANNELS: 'sms,email' }), { OTP_CHANNELS: /comma-separated list of sms, whatsapp, voice/ });
  t.match(problems(api, { OTP_CHANNEL_FALLBACK: 'sms,voice' }), { OTP_CHANNEL_FALLBACK: /joined by >/ });
});

t.test('per-app channels narrow the deployment, never widen it', async (t) => {
  const settings = (apps: unknown) => ({ OTP_CHANNELS: 'sms,whatsapp', APP_SETTINGS: JSON.stringify(apps) });
  t.same(api(settings({ shop: { channels: ['whatsapp'], channelFallback: ['whatsapp'] } })).config.apps.shop?.channels, ['whatsapp']);
  t.match(problems(api, settings({ shop: { channels: ['sms', 'voice'] } })), { APP_SETTINGS: 'shop: channels includes voice, which OTP_CHANNELS does not enable' });
  t.match(problems(api, settings({ shop: { channels: ['sms'], channelFallback: ['whatsapp', 'sms'] } })), {
    APP_SETTINGS: "shop: channelFallback names whatsapp, which this app's channels do not include",
  });
  t.match(problems(api, settings({ shop: { channels: ['sms', 'sms'] } })), { APP_SETTINGS: 'shop: channels lists sms twice' });
  t.match(problems(api, settings({ shop: { channels: ['fax'] } })), { APP_SETTINGS: /shop: channels must be a list of sms, whatsapp, voice/ });
});

t.test('autofill settings are checked, and an app-hash message that cannot fit 140 bytes is refused', async (t) => {
  const settings = (shop: unknown, env: Record<string, string> = {}) => ({ ...env, APP_SETTINGS: JSON.stringify({ shop }) });
  const hindi = { hi: 'कोड {otp}' };
  t.same(api(settings({ webOtpDomain: 'shop.example.com', androidAppHash: 'FA+9qCX9VSu', messageTemplates: hindi })).config.apps.shop, {
    webOtpDomain: 'shop.example.com',
    androidAppHash: 'FA+9qCX9VSu',
    messageTemplates: hindi,
  });
  t.match(
    problems(api, settings({ webOtpDomain: 'shop.example.com', androidAppHash: 'FA+9qCX9VSu' })),
    { APP_SETTINGS: /the built-in hi template renders to 180 bytes \(UCS-2\)/ },
    'with both lines the built-in Hindi needs 90 code units: the app must bring a shorter one',
  );
  t.match(problems(api, settings({ webOtpDomain: 'https://shop.example.com' })), { APP_SETTINGS: /webOtpDomain must be a lowercase host name/ });
  t.match(problems(api, settings({ androidAppHash: 'short' })), { APP_SETTINGS: /androidAppHash must be the 11-character hash/ });
  const tooLong = settings({ androidAppHash: 'FA+9qCX9VSu', messageTemplate: `${'Long text. '.repeat(14)}{otp}` });
  t.match(problems(worker, tooLong), { APP_SETTINGS: /^shop: with androidAppHash, the messageTemplate template renders to 152 bytes \(GSM-7\)/ });
  t.match(problems(api, tooLong), { APP_SETTINGS: /152 bytes/ }, 'both processes refuse it');
  t.match(
    problems(api, settings({ androidAppHash: 'FA+9qCX9VSu' }, { OTP_MESSAGE_TEMPLATES: JSON.stringify({ ta: `${'த'.repeat(60)} {otp}` }) })),
    { APP_SETTINGS: /OTP_MESSAGE_TEMPLATES\.ta template renders to 160 bytes \(UCS-2\)/ },
    "the deployment's locale templates count too",
  );
});

t.test('templates per locale: BCP 47 keys, {otp} required, English stays OTP_MESSAGE_TEMPLATE', async (t) => {
  t.same(api({ OTP_MESSAGE_TEMPLATES: '{"ta":"குறியீடு {otp}"}' }).config.otp.localeTemplates, { ta: 'குறியீடு {otp}' });
  t.match(problems(api, { OTP_MESSAGE_TEMPLATES: '{"en":"Code {otp}"}' }), { OTP_MESSAGE_TEMPLATES: /set English there/ });
  t.match(problems(api, { OTP_MESSAGE_TEMPLATES: '{"hi_IN":"{otp}"}' }), { OTP_MESSAGE_TEMPLATES: /hi_IN is not a BCP 47 locale/ });
  t.match(problems(api, { OTP_MESSAGE_TEMPLATES: '{"hi":"no code"}' }), { OTP_MESSAGE_TEMPLATES: /containing \{otp\}/ });
  t.match(problems(api, { OTP_MESSAGE_TEMPLATES: '[' }), { OTP_MESSAGE_TEMPLATES: /JSON object/ });
  t.match(problems(api, { APP_SETTINGS: '{"shop":{"messageTemplates":{"en-IN":"no code"}}}' }), { APP_SETTINGS: /shop: messageTemplates: the en-IN template/ });
});

t.test('webhooks need a URL and a Standard Webhooks secret together', async (t) => {
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const settings = (shop: unknown) => ({ APP_SETTINGS: JSON.stringify({ shop }) });
  t.same(api(settings({ webhookUrl: 'https://shop.example.com/otp-events', webhookSecret: secret })).config.apps.shop?.webhookSecret, secret);
  t.match(problems(api, settings({ webhookUrl: 'https://shop.example.com/otp-events' })), { APP_SETTINGS: /go together/ });
  t.match(problems(api, settings({ webhookUrl: 'https://x.example', webhookSecret: 'plain-secret' })), { APP_SETTINGS: /whsec_/ });
  t.match(problems(api, settings({ webhookUrl: 'ftp://x.example', webhookSecret: secret })), { APP_SETTINGS: /an http\(s\) URL/ });
});

t.test('event delivery settings: a bounded call and a worker pool of its own', async (t) => {
  t.same(worker({}).config.events, { webhookTimeoutMs: 5000, concurrency: 10 });
  t.match(problems(worker, { EVENT_WEBHOOK_TIMEOUT_MS: '0' }), { EVENT_WEBHOOK_TIMEOUT_MS: /from 100 to 60000/ });
});

t.test('a template longer than one SMS is a startup warning, not an error', async (t) => {
  const { warnings } = api({ APP_SETTINGS: JSON.stringify({ shop: { webOtpDomain: 'shop.example.com' } }) });
  t.same(warnings, ['app shop: the built-in hi template renders to 2 SMS segments (UCS-2, 78 UTF-16 code units) at OTP_LENGTH=6; each segment is billed']);
  t.same(worker({}).warnings, []);
});
