import { ConfigError, loadApiConfig } from '@otp/config';
import t from 'tap';

const SECRET = 's'.repeat(40);
const KEY_HASH = 'a'.repeat(64);
const load = (env: Record<string, string>) => loadApiConfig(env, { dotenv: false }).config;
const problemsOf = (env: Record<string, string>): Array<{ variable: string; message: string }> => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

t.test('the defaults are safe: the seed limits, India only, a daily budget, no proxy trusted', async (t) => {
  const { guard, pumping } = load({ NODE_ENV: 'test', OTP_SECRET: SECRET });
  t.match(guard, {
    apiKeys: [],
    ipRateLimit: { max: 5, windowSeconds: 900 },
    trustProxy: false,
    phone: {
      sendLimit: 5,
      sendWindowSeconds: 3600,
      dailySendLimit: 10,
      globalDailySendLimit: 10,
      lockoutThreshold: 10,
      lockoutWindowSeconds: 86_400,
      lockoutSeconds: 3600,
    },
    allowedCountries: ['IN'],
    countryHourlyLimit: 100,
    prefixThrottle: { limit: 10, windowSeconds: 600, rangeDigits: 3 },
    appSendsPerMinute: 60,
    captcha: null,
    testPhoneNumbers: {},
    uniformVerifyErrors: false,
  });
  t.same(pumping, { mode: 'enforce', allowance: 20, trustedDays: 30, trustedReserve: 0.2, dailyBudget: 1000, appDailyBudget: undefined, prices: null });
  t.ok(guard.countryHourlyLimit <= pumping.dailyBudget / 10, 'the country cap acts long before the daily budget is gone');
});

t.test('a country cap of 0 is a configuration error, not a refusal with a Retry-After that never comes true', async (t) => {
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, SMS_ALLOWED_COUNTRIES: 'IN,US', SMS_COUNTRY_HOURLY_LIMITS: 'IN:500,US:0' }), [
    { variable: 'SMS_COUNTRY_HOURLY_LIMITS', message: /US:0 would refuse every send; leave the country out of SMS_ALLOWED_COUNTRIES/ },
  ]);
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, SMS_COUNTRY_HOURLY_LIMIT: '0' }), [{ variable: 'SMS_COUNTRY_HOURLY_LIMIT' }]);
});

t.test('budgets: per app in APP_SETTINGS or APP_DAILY_BUDGET, in money with SMS_PRICES', async (t) => {
  const base = { NODE_ENV: 'test', OTP_SECRET: SECRET };
  const priced = load({ ...base, SMS_PRICES: 'IN:0.0075,*:0.05', SMS_DAILY_BUDGET: '12.5', APP_DAILY_BUDGET: '5', APP_SETTINGS: '{"shop":{"dailyBudget":2.5}}' });
  t.same(priced.pumping.prices, { IN: 0.0075, '*': 0.05 });
  t.match(priced.pumping, { dailyBudget: 12.5, appDailyBudget: 5 });
  t.same(priced.apps, { shop: { dailyBudget: 2.5 } });
  t.match(problemsOf({ ...base, SMS_PRICES: 'IN:0.0075' }), [{ variable: 'SMS_PRICES', message: /\*/ }]);
  t.match(problemsOf({ ...base, SMS_PRICES: 'india:1' }), [{ variable: 'SMS_PRICES' }]);
  t.match(problemsOf({ ...base, SMS_DAILY_BUDGET: '12.5' }), [{ variable: 'SMS_DAILY_BUDGET', message: /whole number/ }], 'without prices the budget counts SMS');
  t.match(problemsOf({ ...base, APP_DAILY_BUDGET: '2000' }), [{ variable: 'APP_DAILY_BUDGET', message: /above SMS_DAILY_BUDGET/ }]);
  t.match(problemsOf({ ...base, APP_SETTINGS: '{"shop":{"dailyBudget":0}}' }), [{ variable: 'APP_SETTINGS', message: /dailyBudget/ }]);
  t.match(problemsOf({ ...base, GUARD_MODE: 'off' }), [{ variable: 'GUARD_MODE', message: /enforce, record/ }]);
  t.match(problemsOf({ ...base, CAPTCHA_MODE: 'sometimes' }), [{ variable: 'CAPTCHA_MODE' }]);
});

/** Production also refuses the development provider, which would print codes to the logs, and an open /metrics. */
const PRODUCTION_SMS = { SMS_PROVIDER: 'msg91', MSG91_AUTH_KEY: 'test-auth-key', MSG91_TEMPLATE_ID: 'test-template' };
const PRODUCTION = { NODE_ENV: 'production', OTP_SECRET: SECRET, API_KEYS: `shop:${KEY_HASH}`, METRICS_TOKEN: 'm'.repeat(24), ...PRODUCTION_SMS };

t.test('the API refuses production without API_KEYS, OTP_SECRET and METRICS_TOKEN, naming all at once', async (t) => {
  const problems = problemsOf({ NODE_ENV: 'production' });
  t.same(problems.map((p) => p.variable).sort(), ['API_KEYS', 'METRICS_TOKEN', 'OTP_SECRET']);
  t.same(problemsOf(PRODUCTION), []);
});

t.test('API_KEYS holds app:sha256 pairs; a malformed entry is named by app only, never echoed', async (t) => {
  const { guard } = load({ NODE_ENV: 'test', OTP_SECRET: SECRET, API_KEYS: `shop:${KEY_HASH}, admin:${'b'.repeat(64)}` });
  t.same(guard.apiKeys, [
    { app: 'shop', sha256: KEY_HASH },
    { app: 'admin', sha256: 'b'.repeat(64) },
  ]);
  const [problem] = problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, API_KEYS: 'shop:plaintext-key-pasted-by-mistake' });
  t.equal(problem?.variable, 'API_KEYS');
  t.notMatch(problem?.message ?? '', /plaintext-key/);
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, API_KEYS: `a:${KEY_HASH},a:${'c'.repeat(64)}` }), [{ variable: 'API_KEYS', message: /twice/ }]);
});

t.test('per-app settings are validated JSON', async (t) => {
  const settings = { shop: { messageTemplate: 'Shop code {otp}', sendsPerMinute: 120 } };
  t.same(load({ NODE_ENV: 'test', OTP_SECRET: SECRET, APP_SETTINGS: JSON.stringify(settings) }).apps, settings);
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, APP_SETTINGS: '{' }), [{ variable: 'APP_SETTINGS' }]);
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, APP_SETTINGS: '{"shop":{"messageTemplate":"no code"}}' }), [
    { variable: 'APP_SETTINGS', message: /\{otp\}/ },
  ]);
});

t.test('test numbers belong to one app each, and are refused in production unless explicitly allowed', async (t) => {
  const settings = { shop: { testPhoneNumbers: { '+919999999999': '123456' } }, bank: { sendsPerMinute: 10 } };
  const base = { ...PRODUCTION, APP_SETTINGS: JSON.stringify(settings) };
  t.match(problemsOf(base), [{ variable: 'APP_SETTINGS', message: /testPhoneNumbers \(of shop\).*ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION/ }]);
  t.same(load({ ...base, ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION: 'true' }).guard.testPhoneNumbers, { shop: { '+919999999999': '123456' } });
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, APP_SETTINGS: '{"shop":{"testPhoneNumbers":{"9999999999":"12"}}}' }), [
    { variable: 'APP_SETTINGS', message: /shop: testPhoneNumbers must be an object of "\+E164": "code" pairs/ },
  ]);
});

t.test('TEST_PHONE_NUMBERS are the implicit app\'s, and are refused beside API_KEYS so no number is a test number for every app', async (t) => {
  const numbers = { NODE_ENV: 'test', OTP_SECRET: SECRET, TEST_PHONE_NUMBERS: '+919999999999:123456' };
  t.same(load(numbers).guard.testPhoneNumbers, { default: { '+919999999999': '123456' } });
  t.match(problemsOf({ ...numbers, API_KEYS: `shop:${KEY_HASH}` }), [{ variable: 'TEST_PHONE_NUMBERS', message: /APP_SETTINGS/ }]);
  t.match(problemsOf({ NODE_ENV: 'production', OTP_SECRET: SECRET, METRICS_TOKEN: 'm'.repeat(24), TEST_PHONE_NUMBERS: '+919999999999:123456' }), [
    { variable: 'API_KEYS' },
    { variable: 'TEST_PHONE_NUMBERS', message: /ALLOW_TEST_PHONE_NUMBERS_IN_PRODUCTION/ },
  ]);
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, TEST_PHONE_NUMBERS: '9999999999:12' }), [{ variable: 'TEST_PHONE_NUMBERS', message: /\+E164:code/ }]);
});

t.test('CAPTCHA needs its secret; TRUST_PROXY and country lists parse', async (t) => {
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, CAPTCHA_PROVIDER: 'turnstile' }), [{ variable: 'CAPTCHA_SECRET' }]);
  const { guard } = load({
    NODE_ENV: 'test',
    OTP_SECRET: SECRET,
    CAPTCHA_PROVIDER: 'hcaptcha',
    CAPTCHA_SECRET: 'x',
    TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
    SMS_ALLOWED_COUNTRIES: '*',
    SMS_COUNTRY_HOURLY_LIMITS: 'IN:5000,US:10',
  });
  t.match(guard.captcha, { provider: 'hcaptcha', verifyUrl: 'https://api.hcaptcha.com/siteverify' });
  t.same(guard.trustProxy, ['10.0.0.0/8', '127.0.0.1']);
  t.equal(guard.allowedCountries, '*');
  t.same(guard.countryHourlyLimits, { IN: 5000, US: 10 });
  t.equal(load({ NODE_ENV: 'test', OTP_SECRET: SECRET, TRUST_PROXY: '2' }).guard.trustProxy, 2);
  t.equal(load({ NODE_ENV: 'test', OTP_SECRET: SECRET, TRUST_PROXY: 'true' }).guard.trustProxy, true);
});

t.test('production refuses TRUST_PROXY=true and asks for a hop count or the proxies’ addresses', async (t) => {
  const [problem, ...others] = problemsOf({ ...PRODUCTION, TRUST_PROXY: 'true' });
  t.same(others, []);
  t.equal(problem?.variable, 'TRUST_PROXY');
  t.match(problem?.message, /leftmost X-Forwarded-For entry/);
  t.match(problem?.message, /number of proxies in front of the API \(e\.g\. 1\) or their addresses\/CIDRs/);
  t.equal(load({ ...PRODUCTION, TRUST_PROXY: '1' }).guard.trustProxy, 1, 'a hop count is accepted');
  t.same(load({ ...PRODUCTION, TRUST_PROXY: '10.0.0.0/8, fd00::/8, loopback' }).guard.trustProxy, ['10.0.0.0/8', 'fd00::/8', 'loopback']);
  t.equal(load({ NODE_ENV: 'development', OTP_SECRET: SECRET, TRUST_PROXY: 'true' }).guard.trustProxy, true, 'development still allows it');
});

t.test('TRUST_PROXY lists hold only addresses, CIDRs and proxy-addr’s named ranges', async (t) => {
  for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.300', 'localhost', '10.0.0.0/8/1']) {
    t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, TRUST_PROXY: `127.0.0.1,${bad}` }), [{ variable: 'TRUST_PROXY', message: new RegExp(`"${bad.replace(/[./]/g, '\\$&')}"`) }], bad);
  }
  t.same(load({ NODE_ENV: 'test', OTP_SECRET: SECRET, TRUST_PROXY: 'uniquelocal,linklocal,::1,192.0.2.0/24' }).guard.trustProxy, ['uniquelocal', 'linklocal', '::1', '192.0.2.0/24']);
});

t.test('the IPv6 /56 and /48 limits default to multiples of RATE_LIMIT_MAX and never fall below the narrower limit', async (t) => {
  const limits = (env: Record<string, string>) => load({ NODE_ENV: 'test', OTP_SECRET: SECRET, ...env }).guard.ipRateLimit;
  t.same(limits({}), { max: 5, ipv6NetworkMax: { 56: 20, 48: 100 }, windowSeconds: 900 }, 'defaults: 5 per /64, 20 per /56, 100 per /48');
  t.same(limits({ RATE_LIMIT_MAX: '10' }).ipv6NetworkMax, { 56: 40, 48: 200 }, 'raising RATE_LIMIT_MAX raises the tiers');
  t.same(limits({ RATE_LIMIT_MAX_IPV6_56: '8', RATE_LIMIT_MAX_IPV6_48: '8' }).ipv6NetworkMax, { 56: 8, 48: 8 });
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, RATE_LIMIT_MAX_IPV6_56: '4' }), [
    { variable: 'RATE_LIMIT_MAX_IPV6_56', message: 'must be at least RATE_LIMIT_MAX (5)' },
  ]);
  t.match(problemsOf({ NODE_ENV: 'test', OTP_SECRET: SECRET, RATE_LIMIT_MAX_IPV6_48: '19' }), [
    { variable: 'RATE_LIMIT_MAX_IPV6_48', message: 'must be at least RATE_LIMIT_MAX_IPV6_56 (20)' },
  ]);
});
