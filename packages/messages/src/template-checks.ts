import { ANDROID_APP_HASH_MAX_BYTES } from './autofill.js';
import type { MessageCatalogue } from './message-catalogue.js';

/** The code a check renders with: its digits are one GSM-7 septet each, like every real code of that length. */
const sampleCode = (length: number) => '0'.repeat(length);

/**
 * Apps with an Android app hash whose messages would not fit in one SMS
 * (140 bytes): SMS Retriever ignores such a message, so config loading refuses it.
 */
export function autofillProblems(catalogue: MessageCatalogue, codeLength: number): Array<{ app: string; message: string }> {
  return catalogue
    .renderings(sampleCode(codeLength))
    .filter(({ app, autofill, sms }) => app !== undefined && autofill.androidAppHash && sms.bytes > ANDROID_APP_HASH_MAX_BYTES)
    .map(({ app, sms }) => ({
      app: app as string,
      message: `with androidAppHash, the ${sms.source} template renders to ${sms.bytes} bytes (${sms.encoding}); Android's SMS Retriever reads at most ${ANDROID_APP_HASH_MAX_BYTES}`,
    }));
}

/**
 * One warning per distinct configured text that needs more than one SMS at the
 * configured code length: each segment is billed, and a Hindi SMS fits only 70
 * characters, not 160. The processes log these at startup.
 */
export function segmentWarnings(catalogue: MessageCatalogue, codeLength: number): string[] {
  const seen = new Set<string>();
  return catalogue.renderings(sampleCode(codeLength)).flatMap(({ app, sms }) => {
    if (sms.segments === 1 || seen.has(sms.text)) return [];
    seen.add(sms.text);
    const unit = sms.encoding === 'GSM-7' ? 'septets' : 'UTF-16 code units';
    const whose = app === undefined ? '' : `app ${app}: `;
    return [`${whose}the ${sms.source} template renders to ${sms.segments} SMS segments (${sms.encoding}, ${sms.units} ${unit}) at OTP_LENGTH=${codeLength}; each segment is billed`];
  });
}
