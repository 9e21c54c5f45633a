import { MessageCatalogue, autofillProblems, segmentWarnings } from '@otp/messages';
import t from 'tap';

const ENGLISH = 'Your IndoStar Naturals verification code is: {otp}. Valid for {minutes} minutes.';
const catalogue = (apps: ConstructorParameters<typeof MessageCatalogue>[0]['apps']) =>
  new MessageCatalogue({ englishTemplate: ENGLISH, ttlSeconds: 600, apps });

const HASH = 'FA+9qCX9VSu';

t.test('WebOTP: the last line is exactly "@<domain> #<code>"', async (t) => {
  const sms = catalogue({ shop: { messageTemplate: 'Your Shop code is {otp}.', webOtpDomain: 'shop.example.com' } }).sms({ app: 'shop', otp: '123456' });
  t.equal(sms.text, 'Your Shop code is 123456.\n\n@shop.example.com #123456');
  t.equal(
    Buffer.from(sms.text, 'utf8').toString('hex'),
    '596f75722053686f7020636f6465206973203132333435362e0a0a4073686f702e6578616d706c652e636f6d2023313233343536',
  );
  t.match(sms, { encoding: 'GSM-7', units: 52, bytes: 46, segments: 1 });
});

t.test('Android: the app hash on its own line, before the WebOTP line, within 140 bytes', async (t) => {
  const both = catalogue({ shop: { messageTemplate: 'Your Shop code is {otp}.', androidAppHash: HASH, webOtpDomain: 'shop.example.com' } });
  const sms = both.sms({ app: 'shop', otp: '123456' });
  t.equal(sms.text, 'Your Shop code is 123456.\n\nFA+9qCX9VSu\n@shop.example.com #123456');
  t.equal(Buffer.from(sms.text.split('\n').slice(-2).join('\n')).toString('hex'), '46412b39714358395653750a4073686f702e6578616d706c652e636f6d2023313233343536');
  t.match(sms, { encoding: 'GSM-7', units: 64, bytes: 56, segments: 1 });

  const hashOnly = catalogue({ shop: { androidAppHash: HASH } }).sms({ app: 'shop', otp: '987654' });
  t.equal(hashOnly.text, 'Your IndoStar Naturals verification code is: 987654. Valid for 10 minutes.\n\nFA+9qCX9VSu');
  t.match(hashOnly, { units: 87, bytes: 77 }, '87 septets packed 8 to 7');
});

t.test('the seed text with both lines, and a template that ends in a newline', async (t) => {
  const sms = catalogue({ shop: { androidAppHash: HASH, webOtpDomain: 'otp.indostar.example' } }).sms({ app: 'shop', otp: '482913' });
  t.equal(
    sms.text,
    'Your IndoStar Naturals verification code is: 482913. Valid for 10 minutes.\n\nFA+9qCX9VSu\n@otp.indostar.example #482913',
  );
  t.match(sms, { encoding: 'GSM-7', units: 117, bytes: 103, segments: 1 });
  const trailing = catalogue({ shop: { messageTemplate: 'Code {otp}\n', webOtpDomain: 'a.example' } }).sms({ app: 'shop', otp: '1234' });
  t.equal(trailing.text, 'Code 1234\n\n@a.example #1234', 'one blank line, never two');
});

t.test('config refuses an app-hash template that cannot fit in 140 bytes, and names where it came from', async (t) => {
  const long = catalogue({ shop: { messageTemplate: `${'x'.repeat(150)} {otp}`, androidAppHash: HASH } });
  t.same(autofillProblems(long, 6), [
    { app: 'shop', message: "with androidAppHash, the messageTemplate template renders to 149 bytes (GSM-7); Android's SMS Retriever reads at most 140" },
  ]);
  const hindi = catalogue({ shop: { androidAppHash: HASH, webOtpDomain: 'shop.example.com' } });
  t.match(autofillProblems(hindi, 6), [{ app: 'shop', message: /built-in hi template renders to 180 bytes \(UCS-2\)/ }], 'Hindi with both lines: 90 code units');
  t.same(autofillProblems(catalogue({ shop: { androidAppHash: HASH } }), 10), [], 'the seed text and Hindi fit, even at 10 digits');
});

t.test('a startup warning for each configured text longer than one SMS', async (t) => {
  const warnings = segmentWarnings(catalogue({ shop: { webOtpDomain: 'shop.example.com' } }), 6);
  t.same(warnings, [
    'app shop: the built-in hi template renders to 2 SMS segments (UCS-2, 78 UTF-16 code units) at OTP_LENGTH=6; each segment is billed',
  ]);
  t.same(segmentWarnings(catalogue({}), 10), [], 'the defaults fit one SMS');
});
