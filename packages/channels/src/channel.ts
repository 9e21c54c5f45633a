/**
 * The ways a code can reach a phone. Defined once: the config, the providers,
 * the router, the delivery records and the events all read this list.
 */
export const CHANNELS = ['sms', 'whatsapp', 'voice'] as const;

export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}
