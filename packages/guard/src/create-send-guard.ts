import type { ApiConfig } from '@otp/config';
import type { Logger, Metrics } from '@otp/observability';
import type { RedisClient } from '@otp/redis';
import { AppSendCeiling } from './app-send-ceiling.js';
import { CaptchaVerifier } from './captcha-verifier.js';
import { CONVERSION_WINDOW_MS, CREDIT_PER_VERIFIED } from './conversion-rule.js';
import { CountryAllowList } from './country-allow-list.js';
import { CountrySendCap } from './country-send-cap.js';
import { DailySmsBudget } from './daily-sms-budget.js';
import { PhonePseudonyms } from './phone-pseudonyms.js';
import { PrefixThrottle } from './prefix-throttle.js';
import { RedisGuardStore } from './redis-guard-store.js';
import { SendGuard } from './send-guard.js';
import { SmsPrices } from './sms-prices.js';
import { DAY_MS } from './time-window.js';

/** The SendGuard the configuration describes, with its state in `redis` under `keyPrefix`. */
export function createSendGuard(
  config: Pick<ApiConfig, 'guard' | 'pumping' | 'apps' | 'otp'>,
  deps: { redis: RedisClient; keyPrefix: string; metrics: Metrics; logger: Logger },
): SendGuard {
  const { guard, pumping, apps } = config;
  const perApp = <K extends 'sendsPerMinute' | 'dailyBudget'>(setting: K) =>
    Object.fromEntries(Object.entries(apps).flatMap(([app, s]) => (s[setting] === undefined ? [] : [[app, s[setting] as number]])));
  const ranges = new PrefixThrottle(guard.prefixThrottle);
  const { metrics, logger } = deps;
  const windows = { conversion: CONVERSION_WINDOW_MS, trusted: pumping.trustedDays * DAY_MS, app: 60_000, range: guard.prefixThrottle.windowSeconds * 1000, country: 3_600_000, budget: DAY_MS };
  for (const [window, ms] of Object.entries(windows)) metrics.guardWindowSeconds.set({ window }, ms / 1000);
  return new SendGuard({
    store: new RedisGuardStore(deps.redis, { keyPrefix: deps.keyPrefix }),
    // One script checks them all; the order only decides which refusal is reported: most specific first.
    rules: [
      new AppSendCeiling(guard.appSendsPerMinute, perApp('sendsPerMinute')),
      ranges,
      new CountrySendCap(guard.countryHourlyLimit, guard.countryHourlyLimits, pumping.trustedReserve),
      new DailySmsBudget({ scope: 'app', limit: pumping.appDailyBudget, perApp: perApp('dailyBudget'), trustedReserve: pumping.trustedReserve }, { metrics, logger }),
      new DailySmsBudget({ scope: 'global', limit: pumping.dailyBudget, trustedReserve: pumping.trustedReserve }, { metrics, logger }),
    ],
    conversion: {
      mode: pumping.mode,
      rule: { allowance: pumping.allowance, creditPerVerified: CREDIT_PER_VERIFIED },
      ranges,
      trustedForMs: windows.trusted,
      contextTtlMs: config.otp.ttlSeconds * 1000,
    },
    countries: new CountryAllowList(guard.allowedCountries),
    captcha: guard.captcha ? { verifier: new CaptchaVerifier(guard.captcha), mode: guard.captcha.mode } : null,
    prices: new SmsPrices(pumping.prices),
    pseudonyms: new PhonePseudonyms(config.otp.secret),
    metrics,
    logger,
  });
}
