/**
 * GSM 03.38 (3GPP TS 23.038) basic character set, in code order. 0x1B, the escape
 * to the extension table, is left out: it is never a character of its own.
 */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table: each costs two septets, the escape and the character. */
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** How a text travels as SMS and what it costs. */
export interface SmsSegmentation {
  encoding: SmsEncoding;
  /** GSM-7 septets, or UCS-2 (UTF-16) code units. */
  units: number;
  /** Messages billed: one, or the parts of a concatenated SMS. */
  segments: number;
  /** Payload bytes: septets packed 8 to 7, or two per UTF-16 code unit. 140 fills one SMS. */
  bytes: number;
}

/** Units per message: one whole SMS, or one part of a concatenated SMS (its header takes the rest). */
const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

/**
 * Classifies a text as GSM-7 (every character in the GSM 03.38 tables) or UCS-2,
 * and counts its segments as a handset splits it: a GSM extension character's
 * escape pair, like a UTF-16 surrogate pair, is never split across two parts.
 */
export function segmentSms(text: string): SmsSegmentation {
  const gsm = [...text].every((char) => GSM_BASIC.has(char) || GSM_EXTENSION.has(char));
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  // Each indivisible piece and its size in units.
  const pieces = [...text].map((char) => (gsm ? (GSM_EXTENSION.has(char) ? 2 : 1) : char.length));
  const units = pieces.reduce((sum, size) => sum + size, 0);
  const bytes = gsm ? Math.ceil((units * 7) / 8) : units * 2;
  return { encoding, units, segments: countSegments(pieces, units, LIMITS[encoding]), bytes };
}

function countSegments(pieces: number[], units: number, limits: { single: number; part: number }): number {
  if (units <= limits.single) return 1;
  let segments = 1;
  let used = 0;
  for (const size of pieces) {
    if (used + size > limits.part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}
