import { MessageCatalogue, canonicalLocale, lookupLocale } from '@otp/messages';
import t from 'tap';

const catalogue = new MessageCatalogue({
  englishTemplate: 'Your code is {otp}.',
  localeTemplates: { ta: 'உங்கள் குறியீடு {otp}', 'en-IN': 'Your OTP is {otp}.' },
  apps: {
    shop: { messageTemplate: 'Shop: {otp}', messageTemplates: { hi: 'शॉप: {otp}', fr: 'Boutique : {otp}' } },
    blog: {},
  },
  ttlSeconds: 300,
});

t.test('locales match by BCP 47 lookup, case-insensitively', async (t) => {
  t.equal(lookupLocale('en-IN', ['en', 'hi']), 'en');
  t.equal(lookupLocale('HI-in', ['en', 'hi']), 'hi');
  t.equal(lookupLocale('hi-Latn-IN', ['hi']), 'hi');
  t.equal(lookupLocale('fr', ['en', 'hi']), undefined);
  t.equal(lookupLocale('not a tag', ['en']), undefined);
  t.equal(canonicalLocale('en-in'), 'en-IN');
  t.equal(canonicalLocale('en_IN'), undefined);
});

t.test('app and locale, then locale, then the app default, then English', async (t) => {
  const pick = (app: string | undefined, locale: string | undefined) => {
    const { template, locale: chosen, source } = catalogue.template(app, locale);
    return [template, chosen, source];
  };
  t.same(pick('shop', 'hi-IN'), ['शॉप: {otp}', 'hi-IN', 'messageTemplates.hi']);
  t.same(pick('shop', 'ta'), ['உங்கள் குறியீடு {otp}', 'ta', 'OTP_MESSAGE_TEMPLATES.ta']);
  t.same(pick('shop', 'de'), ['Shop: {otp}', 'en', 'messageTemplate']);
  t.same(pick('shop', undefined), ['Shop: {otp}', 'en', 'messageTemplate']);
  t.same(pick('blog', 'hi'), ['आपका सत्यापन कोड {otp} है। यह {minutes} मिनट तक मान्य है।', 'hi', 'built-in hi']);
  t.same(pick('blog', 'en-IN'), ['Your OTP is {otp}.', 'en-IN', 'OTP_MESSAGE_TEMPLATES.en-IN']);
  t.same(pick(undefined, 'en-GB'), ['Your code is {otp}.', 'en', 'OTP_MESSAGE_TEMPLATE']);
  t.same(pick(undefined, 'x-invalid!'), ['Your code is {otp}.', 'en', 'OTP_MESSAGE_TEMPLATE'], 'a tag that is not BCP 47 is no locale');
});

t.test('a Hindi SMS is rendered as UCS-2 with its segment count', async (t) => {
  t.same(catalogue.sms({ app: 'blog', locale: 'hi', otp: '123456' }), {
    text: 'आपका सत्यापन कोड 123456 है। यह 5 मिनट तक मान्य है।',
    locale: 'hi',
    source: 'built-in hi',
    encoding: 'UCS-2',
    units: 50,
    segments: 1,
    bytes: 100,
  });
});

t.test('voice prompts follow the locale, keep its region, and fall back to English', async (t) => {
  t.same(catalogue.voicePrompt('hi-IN'), { text: 'आपका सत्यापन कोड है', locale: 'hi-IN' });
  t.same(catalogue.voicePrompt('en-IN'), { text: 'Your verification code is', locale: 'en-IN' });
  t.same(catalogue.voicePrompt('ta'), { text: 'Your verification code is', locale: 'en' });
  t.same(catalogue.voicePrompt(undefined), { text: 'Your verification code is', locale: 'en' });
});
