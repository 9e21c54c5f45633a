import { CHANNELS, isChannel, type Channel } from '@otp/channels';
import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { defineSection } from './section.js';

/** Read by the API (which channels it may accept) and the worker (what it must be able to send). */
export const OTP_CHANNELS = Type.String({
  default: 'sms',
  pattern: `^\\s*(${CHANNELS.join('|')})\\s*(,\\s*(${CHANNELS.join('|')})\\s*)*$`,
  expected: `a comma-separated list of ${CHANNELS.join(', ')}`,
  description:
    'Channels codes may be sent by: comma-separated sms, whatsapp, voice. Voice is off unless listed (calls cost more and attract toll fraud). A request for a channel not listed answers 400.',
});

export const OTP_CHANNEL_FALLBACK = Type.Optional(
  Type.String({
    pattern: `^(${CHANNELS.join('|')})(>(${CHANNELS.join('|')}))*$`,
    expected: `channels joined by >, e.g. whatsapp>sms>voice`,
    description:
      'Order to fall back in when a channel fails for the recipient (not on WhatsApp, undeliverable, no delivery report), e.g. whatsapp>sms>voice. Every channel named must be in OTP_CHANNELS. Unset: no fallback between channels.',
  }),
);

export function parseChannelList(value: string): Channel[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(isChannel);
}

export function parseChannelOrder(value: string | undefined): Channel[] {
  return (value ?? '').split('>').filter(isChannel);
}

/** A list that names a channel twice is a mistake worth stopping for: which position was meant? */
export function duplicateChannel(channels: readonly Channel[]): Channel | undefined {
  return channels.find((channel, i) => channels.indexOf(channel) !== i);
}

/** The channels the deployment serves and the order it falls back in; APP_SETTINGS may narrow both per app. */
export const channels = defineSection({
  readBy: ['api', 'worker'],
  env: { OTP_CHANNELS, OTP_CHANNEL_FALLBACK },
  toConfig: (e) => ({ enabled: parseChannelList(e.OTP_CHANNELS), fallback: parseChannelOrder(e.OTP_CHANNEL_FALLBACK) }),
  problems: (e) => {
    const problems: ConfigProblem[] = [];
    const enabled = parseChannelList(e.OTP_CHANNELS);
    const fallback = parseChannelOrder(e.OTP_CHANNEL_FALLBACK);
    const twiceEnabled = duplicateChannel(enabled);
    if (twiceEnabled) problems.push({ variable: 'OTP_CHANNELS', message: `lists ${twiceEnabled} twice` });
    const twiceInOrder = duplicateChannel(fallback);
    if (twiceInOrder) problems.push({ variable: 'OTP_CHANNEL_FALLBACK', message: `lists ${twiceInOrder} twice` });
    const disabled = fallback.filter((channel) => !enabled.includes(channel));
    if (disabled.length > 0) {
      problems.push({ variable: 'OTP_CHANNEL_FALLBACK', message: `names ${disabled.join(', ')}, which OTP_CHANNELS does not enable` });
    }
    return problems;
  },
});
