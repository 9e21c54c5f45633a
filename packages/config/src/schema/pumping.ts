import { Type } from 'typebox';
import type { ConfigProblem } from '../config-error.js';
import { defineSection, type SectionEnv } from './section.js';

/** `IN:0.0075,*:0.05`: a price per SMS attempt by ISO country, `*` for every other. */
const PRICE_ENTRY = /^([A-Z]{2}|\*):(\d+(?:\.\d+)?)$/;

const env = {
  GUARD_MODE: Type.Union([Type.Literal('enforce'), Type.Literal('record')], {
    default: 'enforce',
    description:
      'enforce: the conversion rules throttle sends. record: they refuse nothing, but count (otp_guard_decisions_total{decision="would_throttle"}) and log every send they would have throttled, to tune before enforcing.',
  }),
  GUARD_ALLOWANCE: Type.Integer({
    default: 20,
    minimum: 1,
    maximum: 1_000_000_000,
    description:
      'Unverified sends any bucket (country, number range, app, client network) may have in its last 24 hours beyond one per verified send. A bucket nobody verifies in is cut off after this many.',
  }),
  GUARD_TRUSTED_DAYS: Type.Integer({
    default: 30,
    minimum: 1,
    maximum: 365,
    description: 'How long a phone stays trusted by an app after it verified a code of that app: never throttled by the conversion rules, and it may use the trusted reserve.',
  }),
  GUARD_TRUSTED_RESERVE_PERCENT: Type.Integer({
    default: 20,
    minimum: 0,
    maximum: 90,
    description: 'Share of every daily budget and of each country’s hourly cap that only trusted phones may use, so strangers can never spend it all.',
  }),
  SMS_DAILY_BUDGET: Type.Number({
    default: 1000,
    minimum: 0.000001,
    maximum: 100_000_000,
    description:
      'What the whole deployment may spend per UTC day on provider attempts (retries and failovers included): SMS, or money when SMS_PRICES is set. Verification keeps working once it is spent.',
  }),
  APP_DAILY_BUDGET: Type.Optional(
    Type.Number({
      minimum: 0.000001,
      maximum: 100_000_000,
      description: 'Each app’s own daily budget under SMS_DAILY_BUDGET, unless APP_SETTINGS gives it one (dailyBudget). Unset: apps share the global budget.',
    }),
  ),
  SMS_PRICES: Type.Optional(
    Type.String({
      pattern: '^([A-Z]{2}|\\*):\\d+(\\.\\d+)?(,([A-Z]{2}|\\*):\\d+(\\.\\d+)?)*$',
      description:
        'Price of one SMS attempt by destination country, with * for the rest, e.g. IN:0.0075,*:0.05. Set, the budgets and otp_sms_spend_total are in that currency.',
    }),
  ),
};

type PumpingEnv = SectionEnv<typeof env>;

function parsePrices(value: string | undefined): Record<string, number> | null {
  if (!value) return null;
  return Object.fromEntries(value.split(',').map((entry) => (PRICE_ENTRY.exec(entry.trim()) ?? []).slice(1, 3)).map(([country = '', price = '0']) => [country, Number(price)]));
}

function problems(e: PumpingEnv): ConfigProblem[] {
  const found: ConfigProblem[] = [];
  const prices = parsePrices(e.SMS_PRICES);
  if (prices && prices['*'] === undefined) found.push({ variable: 'SMS_PRICES', message: 'needs a price for * (every country not listed), e.g. IN:0.0075,*:0.05' });
  if (!prices && !Number.isInteger(e.SMS_DAILY_BUDGET)) {
    found.push({ variable: 'SMS_DAILY_BUDGET', message: `counts SMS without SMS_PRICES, so it must be a whole number (got ${e.SMS_DAILY_BUDGET})` });
  }
  if (e.APP_DAILY_BUDGET !== undefined && e.APP_DAILY_BUDGET > e.SMS_DAILY_BUDGET) {
    found.push({ variable: 'APP_DAILY_BUDGET', message: 'is above SMS_DAILY_BUDGET, which caps every app anyway' });
  }
  return found;
}

/** The pumping guard that learns from verified codes, trusted phones, and what sends may cost per day. */
export const pumping = defineSection({
  readBy: ['api'],
  env,
  toConfig: (e) => ({
    mode: e.GUARD_MODE,
    allowance: e.GUARD_ALLOWANCE,
    trustedDays: e.GUARD_TRUSTED_DAYS,
    trustedReserve: e.GUARD_TRUSTED_RESERVE_PERCENT / 100,
    dailyBudget: e.SMS_DAILY_BUDGET,
    appDailyBudget: e.APP_DAILY_BUDGET,
    prices: parsePrices(e.SMS_PRICES),
  }),
  problems,
});
