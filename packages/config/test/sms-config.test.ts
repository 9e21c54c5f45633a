import { loadWorkerConfig, type ConfigError } from '@otp/config';
import t from 'tap';

const base = { NODE_ENV: 'test', OTP_SECRET: 'x'.repeat(32) };
const load = (env: Record<string, string>) => loadWorkerConfig({ ...base, ...env }, { dotenv: false }).config;
const problems = (env: Record<string, string>): string[] => {
  try {
    load(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems.map((p) => p.variable);
  }
};

t.test('defaults keep the development provider and sane retry settings', async (t) => {
  const { sms } = load({});
  t.match(sms, { provider: 'development', maxPerSecond: 0, routes: [], providerTimeoutMs: 10_000 });
});

t.test('names every missing credential of every provider in use', async (t) => {
  t.same(problems({ SMS_PROVIDER: 'twilio' }).sort(), ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER']);
  t.same(problems({ SMS_ROUTES: 'IN:msg91' }).sort(), ['MSG91_AUTH_KEY', 'MSG91_TEMPLATE_ID'], 'a route puts a provider in use');
  t.same(problems({ SMS_FALLBACK_PROVIDER: 'msg91' }).sort(), ['MSG91_AUTH_KEY', 'MSG91_TEMPLATE_ID'], 'so does the fallback');
  t.same(
    problems({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'ACx', TWILIO_AUTH_TOKEN: 'y', TWILIO_MESSAGING_SERVICE_SID: 'MGx' }),
    [],
    'a Messaging Service SID stands in for the phone number',
  );
});

t.test('parses SMS_ROUTES and refuses malformed entries', async (t) => {
  const { sms } = load({ SMS_ROUTES: 'in:development, *:development' });
  t.same(sms.routes, [
    { country: 'IN', provider: 'development' },
    { country: '*', provider: 'development' },
  ]);
  t.same(problems({ SMS_ROUTES: 'IN=msg91' }), ['SMS_ROUTES']);
  t.same(problems({ SMS_ROUTES: 'IN:nexmo' }), ['SMS_ROUTES']);
});
