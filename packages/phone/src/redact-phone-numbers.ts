import { maskPhone } from './mask-phone.js';

/**
 * A run of digits as phone numbers are written in prose: an optional `+` and
 * `(`, then digits with at most two separators (space, dot, dash, parentheses)
 * between any two. A prefix such as `whatsapp:` or `tel:` stays outside the
 * match, so the number after it is caught too.
 */
const DIGIT_RUN = /\+?\(?\d(?:[ \t\u00a0\u2010-\u2015.()-]{0,2}\d)+/g;

/** Fewer digits than the shortest numbers in use: error codes, ports, years stay readable. */
const MIN_DIGITS = 7;

/** From here a run holds a country code, which maskPhone keeps as logs show it; a shorter, local number keeps only its last two digits. */
const INTERNATIONAL_DIGITS = 10;

/** Dotted quads are addresses, which an operator needs to see (connect ECONNREFUSED 10.1.2.3:6379). */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Masks every phone number in free text, such as a provider's error message
 * ("The 'To' number +91 98765 43210 is not valid", "Invalid mobile 919876543210"),
 * in any country's format, with or without `+`, spaced or dashed: every run of
 * seven or more digits is masked, an international one as logs show phones
 * (+91******3210). It errs towards masking, so a long id or timestamp may be
 * masked too; a number never slips through.
 */
export function redactPhoneNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < MIN_DIGITS || IPV4.test(run)) return run;
    if (digits.length < INTERNATIONAL_DIGITS) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
    return maskPhone(run.startsWith('+') ? `+${digits}` : digits);
  });
}
