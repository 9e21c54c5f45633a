import type { Channel, ChannelPlan, ChannelPolicy } from '@otp/channels';
import type { ChannelProvider, MessageSender } from './channel-provider.js';
import type { PreviousFailure, ProviderRouter } from './provider-router.js';

/** What the previous attempt of a send ran into: its channel, provider, whose fault, and whether a retry could help. */
export interface PreviousAttempt extends PreviousFailure {
  channel: Channel;
  permanent: boolean;
}

/** Where the next attempt goes. */
export interface ChannelAttempt {
  channel: Channel;
  provider: MessageSender;
}

export interface ChannelRouterOptions {
  /** The channels each app may use and their fallback order. */
  policy: ChannelPolicy;
  /** SMS: the provider per country and the failover between SMS providers. */
  sms: ProviderRouter;
  /** The provider of every other channel the deployment enables. */
  providers: Readonly<Partial<Record<Exclude<Channel, 'sms'>, ChannelProvider>>>;
}

/**
 * Picks the channel and provider of each attempt. Pure: it decides from the
 * request and the previous attempt alone.
 *
 * - First attempt: the requested channel (the app's default when none), if the app may use it.
 * - After a failure about the recipient (not a WhatsApp user, undeliverable, no
 *   delivery report in time): the next channel of the app's fallback order.
 * - After a transient failure: the same channel (for SMS, the SMS router may fail
 *   over to SMS_FALLBACK_PROVIDER).
 * - After a permanent provider-side failure: another SMS provider if the SMS router
 *   has one, else the next channel, since this one cannot work for anybody now.
 *
 * Undefined means there is nothing left to try.
 */
export class ChannelRouter {
  readonly #options: ChannelRouterOptions;

  constructor(options: ChannelRouterOptions) {
    for (const channel of options.policy.forApp(undefined).enabled) {
      if (channel !== 'sms' && !options.providers[channel]) throw new Error(`No provider is configured for the ${channel} channel`);
    }
    this.#options = options;
  }

  choose(input: { app?: string | undefined; country: string; requested?: Channel | undefined; previous?: PreviousAttempt | undefined }): ChannelAttempt | undefined {
    const plan = this.#options.policy.forApp(input.app);
    const { previous } = input;
    if (!previous) {
      const channel = input.requested ?? plan.defaultChannel;
      return plan.serves(channel) ? this.#attempt(channel, input.country) : undefined;
    }
    const channel = this.#nextChannel(plan, input.country, previous);
    if (!channel) return undefined;
    return this.#attempt(channel, input.country, channel === previous.channel ? previous : undefined);
  }

  #nextChannel(plan: ChannelPlan, country: string, previous: PreviousAttempt): Channel | undefined {
    if (previous.fault === 'recipient') return plan.after(previous.channel);
    if (!previous.permanent) return previous.channel;
    const anotherProvider = previous.channel === 'sms' && this.#options.sms.failsOver(country, previous);
    return anotherProvider ? previous.channel : plan.after(previous.channel);
  }

  #attempt(channel: Channel, country: string, previous?: PreviousAttempt): ChannelAttempt {
    if (channel === 'sms') return { channel, provider: this.#options.sms.choose(country, previous) };
    return { channel, provider: this.#options.providers[channel] as ChannelProvider };
  }
}
