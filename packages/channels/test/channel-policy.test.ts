import { ChannelPlan, ChannelPolicy, isChannel } from '@otp/channels';
import t from 'tap';

t.test('a plan falls back forward only, through the channels it serves', async (t) => {
  const plan = new ChannelPlan(['sms', 'whatsapp'], ['whatsapp', 'sms', 'voice']);
  t.same(plan.fallback, ['whatsapp', 'sms'], 'voice is not enabled, so it is no fallback');
  t.equal(plan.after('whatsapp'), 'sms');
  t.equal(plan.after('sms'), undefined, 'the last channel has no fallback');
  t.equal(plan.after('voice'), undefined, 'a channel outside the order has none either');
  t.ok(plan.serves('whatsapp'));
  t.notOk(plan.serves('voice'));
});

t.test('the default channel is sms whenever it is served, for the seed guide', async (t) => {
  t.equal(new ChannelPlan(['sms', 'whatsapp'], ['whatsapp', 'sms']).defaultChannel, 'sms');
  t.equal(new ChannelPlan(['voice', 'whatsapp'], ['whatsapp', 'voice']).defaultChannel, 'whatsapp');
  t.equal(new ChannelPlan(['voice'], []).defaultChannel, 'voice');
});

t.test('apps inherit what they do not set', async (t) => {
  const policy = new ChannelPolicy({
    enabled: ['sms', 'whatsapp', 'voice'],
    fallback: ['whatsapp', 'sms', 'voice'],
    apps: { shop: { channels: ['sms', 'whatsapp'] }, bank: { channelFallback: ['sms', 'voice'] }, plain: {} },
  });
  t.same(policy.forApp('shop').fallback, ['whatsapp', 'sms'], 'the global order, limited to the app channels');
  t.same(policy.forApp('bank').enabled, ['sms', 'whatsapp', 'voice']);
  t.equal(policy.forApp('bank').after('sms'), 'voice');
  t.equal(policy.forApp('plain'), policy.forApp(undefined), 'an app without channel settings uses the deployment plan');
  t.equal(policy.forApp('unknown'), policy.forApp(undefined));
});

t.test('isChannel knows exactly the three channels', async (t) => {
  t.same(['sms', 'whatsapp', 'voice', 'email', 'SMS'].map(isChannel), [true, true, true, false, false]);
});
