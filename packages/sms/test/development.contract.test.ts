import { CHANNELS } from '@otp/channels';
import { DevelopmentProvider } from '@otp/sms';
import { Writable } from 'node:stream';
import t from 'tap';
import { providerContract } from './contract.js';

/** How a developer reads the code off each channel's console line. */
const CODE_ON_CONSOLE = {
  sms: /: .*?(\d{6})/,
  whatsapp: /template variable 1 = (\d+)$/,
  voice: /((?:\d ){5}\d)$/,
};

for (const channel of CHANNELS) {
  t.test(channel, async (t) => {
    providerContract(t, { channel, failures: [] }, async () => {
      const lines: string[] = [];
      const console = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          callback();
        },
      });
      return {
        provider: new DevelopmentProvider(console, channel),
        stage: () => undefined,
        lastCodeReceived: () => lines.at(-1)?.match(CODE_ON_CONSOLE[channel])?.[1]?.replace(/ /g, ''),
      };
    });
  });
}
