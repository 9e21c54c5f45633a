import { ChannelPolicy } from '@otp/channels';
import { ChannelRouter, ProviderRouter, type PreviousAttempt, type SmsProvider } from '@otp/sms';
import { FakeSmsProvider } from '@otp/testkit';
import t from 'tap';

const sms = new ProviderRouter({
  providers: new Map<string, SmsProvider>(['twilio', 'msg91'].map((name) => [name, new FakeSmsProvider(name)])),
  defaultProvider: 'msg91',
  routes: [{ country: 'US', provider: 'twilio' }],
  fallbackProvider: 'twilio',
});
const whatsapp = new FakeSmsProvider('twilio', 'whatsapp');
const voice = new FakeSmsProvider('twilio', 'voice');

const router = new ChannelRouter({
  policy: new ChannelPolicy({
    enabled: ['sms', 'whatsapp', 'voice'],
    fallback: ['whatsapp', 'sms', 'voice'],
    apps: { shop: { channels: ['whatsapp', 'sms'] }, bank: { channelFallback: [] } },
  }),
  sms,
  providers: { whatsapp, voice },
});

const pick = (input: Parameters<ChannelRouter['choose']>[0]) => {
  const attempt = router.choose(input);
  return attempt && `${attempt.channel}:${attempt.provider.name}`;
};
const after = (channel: PreviousAttempt['channel'], provider: string, fault: PreviousAttempt['fault'], permanent: boolean): PreviousAttempt => ({
  channel,
  provider,
  fault,
  permanent,
});

t.test('the first attempt takes the requested channel, or the app default, if the app may use it', async (t) => {
  t.equal(pick({ country: 'IN' }), 'sms:msg91', 'sms is the default, routed by country');
  t.equal(pick({ country: 'US' }), 'sms:twilio');
  t.equal(pick({ country: 'IN', requested: 'whatsapp' }), 'whatsapp:twilio');
  t.equal(router.choose({ country: 'IN', requested: 'whatsapp' })?.provider, whatsapp);
  t.equal(pick({ app: 'shop', country: 'IN', requested: 'voice' }), undefined, 'shop may not use voice');
});

t.test('a failure about the recipient moves to the next channel of the fallback order', async (t) => {
  t.equal(pick({ country: 'IN', previous: after('whatsapp', 'twilio', 'recipient', true) }), 'sms:msg91', 'not a WhatsApp user: SMS');
  t.equal(pick({ country: 'IN', previous: after('sms', 'msg91', 'recipient', false) }), 'voice:twilio', 'no delivery report in time: voice');
  t.equal(pick({ country: 'IN', previous: after('voice', 'twilio', 'recipient', true) }), undefined, 'nothing after the last channel');
  t.equal(pick({ app: 'shop', country: 'IN', previous: after('sms', 'msg91', 'recipient', true) }), undefined, "voice is not one of shop's channels");
  t.equal(pick({ app: 'bank', country: 'IN', previous: after('whatsapp', 'twilio', 'recipient', true) }), undefined, 'bank falls back nowhere');
});

t.test('a transient failure stays on its channel; SMS may fail over between providers', async (t) => {
  t.equal(pick({ country: 'IN', previous: after('whatsapp', 'twilio', 'provider', false) }), 'whatsapp:twilio');
  t.equal(pick({ country: 'IN', previous: after('sms', 'msg91', 'provider', false) }), 'sms:twilio', 'SMS_FALLBACK_PROVIDER');
  t.equal(pick({ country: 'IN', previous: after('sms', 'twilio', 'provider', false) }), 'sms:msg91', 'and back');
});

t.test('a permanent provider-side failure tries another SMS provider, else the next channel', async (t) => {
  t.equal(pick({ country: 'IN', previous: after('sms', 'msg91', 'provider', true) }), 'sms:twilio', 'msg91 misconfigured: twilio');
  t.equal(pick({ country: 'IN', previous: after('sms', 'twilio', 'provider', true) }), 'voice:twilio', 'the SMS fallback is broken too: next channel');
  t.equal(pick({ country: 'IN', previous: after('whatsapp', 'twilio', 'provider', true) }), 'sms:msg91', 'a broken WhatsApp template: SMS');
});

t.test('every enabled channel needs a provider', async (t) => {
  t.throws(
    () => new ChannelRouter({ policy: new ChannelPolicy({ enabled: ['sms', 'voice'], fallback: [] }), sms, providers: {} }),
    /No provider is configured for the voice channel/,
  );
});
