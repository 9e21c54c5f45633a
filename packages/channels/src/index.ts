export { CHANNELS, isChannel, type Channel } from './channel.js';
export { ChannelPlan } from './channel-plan.js';
export { ChannelPolicy, type AppChannelSettings, type ChannelPolicyOptions } from './channel-policy.js';
