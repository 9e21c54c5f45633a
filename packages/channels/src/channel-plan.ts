import type { Channel } from './channel.js';

/**
 * The channels one app may use and the order it falls back in. A plan only ever
 * moves forward through its order, so a send can never loop between channels.
 */
export class ChannelPlan {
  readonly enabled: readonly Channel[];
  /** The fallback order, limited to enabled channels. */
  readonly fallback: readonly Channel[];

  constructor(enabled: readonly Channel[], fallback: readonly Channel[]) {
    this.enabled = enabled;
    this.fallback = fallback.filter((channel) => enabled.includes(channel));
  }

  serves(channel: Channel): boolean {
    return this.enabled.includes(channel);
  }

  /**
   * The channel of a request that names none: sms when served, so the seed
   * guide's curl keeps sending an SMS; otherwise the first channel of the fallback
   * order, then the first enabled one.
   */
  get defaultChannel(): Channel {
    if (this.serves('sms')) return 'sms';
    return (this.fallback[0] ?? this.enabled[0]) as Channel;
  }

  /** The channel after `channel` in the fallback order; undefined when `channel` is last or not in the order. */
  after(channel: Channel): Channel | undefined {
    const position = this.fallback.indexOf(channel);
    return position === -1 ? undefined : this.fallback[position + 1];
  }
}
