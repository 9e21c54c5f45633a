import { redactPhoneNumbers } from '@otp/phone';
import t from 'tap';

/** How providers and people write one number. */
const SPELLINGS = [
  '+919876543210',
  '919876543210',
  '+91 98765 43210',
  '+91-98765-43210',
  '+91 (987) 654-3210',
  '0091 9876543210',
  '+91\u00a098765\u201343210',
];

t.test('every spelling of a number is masked, inside any prose', async (t) => {
  for (const number of SPELLINGS) {
    for (const text of [`The 'To' number ${number} is not a valid phone number.`, `Invalid mobile:${number}`, `whatsapp:${number}`, `(${number})`, number]) {
      const redacted = redactPhoneNumbers(text);
      t.notMatch(redacted.replace(/\D/g, ''), /9876543/, `${JSON.stringify(text)} → ${JSON.stringify(redacted)}`);
      t.match(redacted, /3210/, 'the last four digits stay, as in every masked log field');
    }
  }
});

t.test('international numbers are masked as logs mask phones; the text around them stays', async (t) => {
  t.equal(redactPhoneNumbers("The 'To' number +919876543210 is not a valid phone number."), "The 'To' number +91******3210 is not a valid phone number.");
  t.equal(redactPhoneNumbers('Invalid mobile number 919876543210'), 'Invalid mobile number 91******3210');
  t.equal(redactPhoneNumbers('whatsapp:+14155552671 is not a WhatsApp user'), 'whatsapp:+14*****2671 is not a WhatsApp user');
  t.equal(redactPhoneNumbers('To +1 (415) 555-2671 and +44 20 7946 0958'), 'To +14*****2671 and +44******0958');
  t.equal(redactPhoneNumbers('call 555-2671 now'), 'call *****71 now', 'a local number keeps two digits');
});

t.test('codes, ports, addresses and short numbers stay readable', async (t) => {
  for (const text of [
    'Twilio error 21211 (see https://www.twilio.com/docs/errors/21211)',
    'connect ECONNREFUSED 127.0.0.1:6379',
    'connect ETIMEDOUT 192.168.100.200:443',
    'HTTP 503 after 10000 ms, attempt 3 of 5',
    'at Worker.processJob (/app/node_modules/bullmq/dist/cjs/classes/worker.js:619:21)',
    'connect ECONNREFUSED ::1:6379',
  ]) {
    t.equal(redactPhoneNumbers(text), text);
  }
});

t.test('redacting twice changes nothing more', async (t) => {
  const once = redactPhoneNumbers('to +919876543210 and 555-2671');
  t.equal(redactPhoneNumbers(once), once);
});
