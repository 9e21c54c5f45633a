import { segmentSms } from '@otp/messages';
import t from 'tap';

t.test('GSM-7: 160 septets in one SMS, 153 per part after that', async (t) => {
  t.match(segmentSms('a'.repeat(160)), { encoding: 'GSM-7', units: 160, segments: 1, bytes: 140 });
  t.match(segmentSms('a'.repeat(161)), { units: 161, segments: 2 });
  t.match(segmentSms('a'.repeat(306)), { segments: 2 });
  t.match(segmentSms('a'.repeat(307)), { segments: 3 });
  t.match(segmentSms('@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\r\n'), { encoding: 'GSM-7' }, 'the whole basic table');
});

t.test('GSM-7 extension characters count twice and are never split across parts', async (t) => {
  t.match(segmentSms('€'.repeat(80)), { encoding: 'GSM-7', units: 160, segments: 1 });
  t.match(segmentSms('€'.repeat(81)), { units: 162, segments: 2 });
  t.match(segmentSms('^{}\\[~]|\f'), { encoding: 'GSM-7', units: 18 });
  // 152 septets then one escape pair: the pair cannot take the 153rd septet, so it opens part 2.
  t.match(segmentSms(`${'a'.repeat(152)}€${'a'.repeat(152)}`), { units: 306, segments: 3 });
  t.match(segmentSms(`${'a'.repeat(151)}€${'a'.repeat(153)}`), { units: 306, segments: 2 });
});

t.test('UCS-2: 70 code units in one SMS, 67 per part, surrogate pairs kept whole', async (t) => {
  t.match(segmentSms('ç'.repeat(70)), { encoding: 'UCS-2', units: 70, segments: 1, bytes: 140 }, 'ç is not in GSM-7 (only Ç is)');
  t.match(segmentSms('ç'.repeat(71)), { segments: 2 });
  t.match(segmentSms('ç'.repeat(134)), { segments: 2 });
  t.match(segmentSms('ç'.repeat(135)), { segments: 3 });
  t.match(segmentSms('😀'.repeat(35)), { units: 70, segments: 1 });
  // 33 emoji (66 units) fill a part, since the 34th would straddle it: 36 emoji take 2 parts, 67 take 3.
  t.match(segmentSms('😀'.repeat(36)), { units: 72, segments: 2 });
  t.match(segmentSms('😀'.repeat(67)), { units: 134, segments: 3 });
});

t.test('Hindi is UCS-2, counted in UTF-16 code units (every vowel sign and virama is one)', async (t) => {
  const built = 'आपका सत्यापन कोड 123456 है। यह 10 मिनट तक मान्य है।';
  t.same(segmentSms(built), { encoding: 'UCS-2', units: 51, segments: 1, bytes: 102 });
  const branded = 'IndoStar Naturals: आपका सत्यापन कोड 123456 है। यह 10 मिनट तक मान्य है। इसे किसी के साथ साझा न करें।';
  t.same(segmentSms(branded), { encoding: 'UCS-2', units: 99, segments: 2, bytes: 198 });
});
