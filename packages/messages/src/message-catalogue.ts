import { withAutofill, type AutofillSettings } from './autofill.js';
import { BUILT_IN_TEMPLATES, VOICE_PROMPTS } from './built-in-texts.js';
import { canonicalLocale, lookupLocale } from './locale.js';
import { renderMessage } from './render-message.js';
import { segmentSms, type SmsSegmentation } from './sms-encoding.js';

/** One app's message settings in APP_SETTINGS (the config's AppSettings fits it). */
export interface AppMessageSettings extends AutofillSettings {
  /** The app's default template, whatever the locale. */
  messageTemplate?: string | undefined;
  /** The app's templates by BCP 47 locale. */
  messageTemplates?: Readonly<Record<string, string>> | undefined;
}

export interface MessageCatalogueOptions {
  /** OTP_MESSAGE_TEMPLATE: English, and the last resort of every lookup. */
  englishTemplate: string;
  /** OTP_MESSAGE_TEMPLATES: per locale, over the built-in ones. */
  localeTemplates?: Readonly<Record<string, string>> | undefined;
  apps?: Readonly<Record<string, AppMessageSettings>> | undefined;
  /** OTP_TTL_SECONDS, for {minutes}. */
  ttlSeconds: number;
}

/** A template picked for a request, and where it came from (for warnings and config errors). */
export interface TemplateChoice {
  template: string;
  /** The language the text is in: the requested locale when a template matched it, else `en`. */
  locale: string;
  /** e.g. `messageTemplates.hi`, `OTP_MESSAGE_TEMPLATES.ta`, `built-in hi`, `OTP_MESSAGE_TEMPLATE`. */
  source: string;
}

/** A rendered SMS: the exact text sent and what it costs. */
export interface SmsText extends SmsSegmentation {
  text: string;
  locale: string;
  source: string;
}

interface Entry {
  template: string;
  source: string;
}

const ENGLISH = 'en';

/**
 * Every text the service sends, chosen per app and locale. A request's template
 * is, in order: the app's template for its locale, the deployment's for that
 * locale (built-in or OTP_MESSAGE_TEMPLATES), the app's default, then English
 * (OTP_MESSAGE_TEMPLATE). Locales match by RFC 4647 lookup, so `en-IN` finds `en`
 * and `hi-Latn-IN` finds `hi`. Built once from config; pure afterwards.
 */
export class MessageCatalogue {
  readonly #options: MessageCatalogueOptions;
  readonly #global: Map<string, Entry>;
  readonly #apps = new Map<string, Map<string, Entry>>();

  constructor(options: MessageCatalogueOptions) {
    this.#options = options;
    this.#global = new Map([
      ...byLocale(BUILT_IN_TEMPLATES, (locale) => `built-in ${locale}`),
      ...byLocale(options.localeTemplates ?? {}, (locale) => `OTP_MESSAGE_TEMPLATES.${locale}`),
    ]);
    for (const [app, settings] of Object.entries(options.apps ?? {})) {
      this.#apps.set(app, new Map(byLocale(settings.messageTemplates ?? {}, (locale) => `messageTemplates.${locale}`)));
    }
  }

  /** The template for a code of `app` requested in `locale` (both optional). */
  template(app: string | undefined, locale: string | undefined): TemplateChoice {
    const requested = locale === undefined ? undefined : canonicalLocale(locale);
    for (const entries of [this.#appEntries(app), this.#global]) {
      const match = lookupLocale(requested, entries.keys());
      if (match) return { ...(entries.get(match) as Entry), locale: requested as string };
    }
    const fallback = this.#appSettings(app).messageTemplate;
    if (fallback) return { template: fallback, locale: ENGLISH, source: 'messageTemplate' };
    return { template: this.#options.englishTemplate, locale: ENGLISH, source: 'OTP_MESSAGE_TEMPLATE' };
  }

  /** The SMS for one code, autofill lines included, with its encoding and segment count. */
  sms(input: { app?: string | undefined; locale?: string | undefined; otp: string }): SmsText {
    return this.#render(input.app, this.template(input.app, input.locale), input.otp);
  }

  /**
   * What a call says before the digits, in the requested language when there is
   * a prompt for it, else in English. `locale` keeps the requested region
   * (`en-IN`), so the voice can speak with that accent.
   */
  voicePrompt(locale: string | undefined): { text: string; locale: string } {
    const requested = locale === undefined ? undefined : canonicalLocale(locale);
    const match = lookupLocale(requested, Object.keys(VOICE_PROMPTS));
    return match ? { text: VOICE_PROMPTS[match] as string, locale: requested as string } : { text: VOICE_PROMPTS[ENGLISH] as string, locale: ENGLISH };
  }

  /**
   * Every SMS the configuration can produce for a code `otp`: each app with
   * settings of its own, with every template it can reach and its autofill lines,
   * and (as app undefined) every other app. For the startup checks.
   */
  renderings(otp: string): Array<{ app: string | undefined; sms: SmsText; autofill: AutofillSettings }> {
    const apps: Array<string | undefined> = [undefined, ...this.#apps.keys()];
    return apps.flatMap((app) => this.#reachable(app).map((choice) => ({ app, sms: this.#render(app, choice, otp), autofill: this.#appSettings(app) })));
  }

  /** The templates one app's codes can be rendered from. */
  #reachable(app: string | undefined): TemplateChoice[] {
    const own = this.#appEntries(app);
    const locales = new Set([...own.keys(), ...this.#global.keys()]);
    return [...[...locales].map((locale) => this.template(app, locale)), this.template(app, undefined)];
  }

  #render(app: string | undefined, choice: TemplateChoice, otp: string): SmsText {
    const text = withAutofill(renderMessage(choice.template, { otp, ttlSeconds: this.#options.ttlSeconds }), otp, this.#appSettings(app));
    return { text, locale: choice.locale, source: choice.source, ...segmentSms(text) };
  }

  #appEntries(app: string | undefined): Map<string, Entry> {
    return (app !== undefined && this.#apps.get(app)) || new Map();
  }

  #appSettings(app: string | undefined): AppMessageSettings {
    return (app !== undefined && this.#options.apps?.[app]) || {};
  }
}

/** Templates keyed by canonical locale; config has already refused tags that are not BCP 47. */
function byLocale(templates: Readonly<Record<string, string>>, source: (locale: string) => string): Array<[string, Entry]> {
  return Object.entries(templates).flatMap(([tag, template]) => {
    const locale = canonicalLocale(tag);
    return locale ? [[locale, { template, source: source(locale) }] as [string, Entry]] : [];
  });
}
