import { ExponentialBackoff, ProviderRouter, type SmsProvider } from '@otp/sms';
import { FakeSmsProvider } from '@otp/testkit';
import t from 'tap';

const providers = new Map<string, SmsProvider>(['twilio', 'msg91', 'development'].map((name) => [name, new FakeSmsProvider(name)]));

t.test('routes by destination country, * catching the rest', async (t) => {
  const router = new ProviderRouter({
    providers,
    defaultProvider: 'development',
    routes: [
      { country: 'IN', provider: 'msg91' },
      { country: '*', provider: 'twilio' },
    ],
  });
  t.equal(router.choose('IN').name, 'msg91');
  t.equal(router.choose('US').name, 'twilio');
  const noWildcard = new ProviderRouter({ providers, defaultProvider: 'development', routes: [{ country: 'IN', provider: 'msg91' }] });
  t.equal(noWildcard.choose('GB').name, 'development', 'unrouted countries use SMS_PROVIDER');
});

t.test('fails over after provider-side failures only, and alternates after that', async (t) => {
  const router = new ProviderRouter({ providers, defaultProvider: 'twilio', fallbackProvider: 'msg91' });
  t.equal(router.choose('IN', { provider: 'twilio', fault: 'provider' }).name, 'msg91');
  t.equal(router.choose('IN', { provider: 'twilio', fault: 'recipient' }).name, 'twilio', 'a bad number fails anywhere');
  t.equal(router.choose('IN', { provider: 'msg91', fault: 'provider' }).name, 'twilio');
  t.ok(router.failsOver('IN', { provider: 'twilio', fault: 'provider', permanent: true }), 'bad credentials at twilio: try msg91');
  t.notOk(router.failsOver('IN', { provider: 'twilio', fault: 'recipient', permanent: true }));
  t.notOk(router.failsOver('IN', { provider: 'msg91', fault: 'provider', permanent: true }), 'a broken fallback ends it');
  t.ok(router.failsOver('IN', { provider: 'msg91', fault: 'provider', permanent: false }), 'an outage at the fallback goes back');
  const alone = new ProviderRouter({ providers, defaultProvider: 'twilio' });
  t.notOk(alone.failsOver('IN', { provider: 'twilio', fault: 'provider', permanent: true }));
});

t.test('refuses a route to a provider that is not configured', async (t) => {
  t.throws(() => new ProviderRouter({ providers: new Map(), defaultProvider: 'twilio' }), /No SMS provider named twilio/);
});

t.test('backoff doubles with equal jitter and respects the cap', async (t) => {
  const low = new ExponentialBackoff({ baseDelayMs: 1000, maxDelayMs: 5000, random: () => 0 });
  const high = new ExponentialBackoff({ baseDelayMs: 1000, maxDelayMs: 5000, random: () => 0.999 });
  t.same([1, 2, 3, 4].map((n) => low.delayMs(n)), [500, 1000, 2000, 2500]);
  t.same([1, 2, 3, 4].map((n) => high.delayMs(n)), [1000, 1999, 3998, 4998]);
});
