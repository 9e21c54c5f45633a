import type { ApiConfig, AppSettings } from '@otp/config';
import type { Logger, Metrics } from '@otp/observability';
import type { RedisClient } from '@otp/redis';
import { AppSendCeiling } from './app-send-ceiling.js';
import { CaptchaVerifier } from './captcha-verifier.js';
import { CountryAllowList } from './country-allow-list.js';
import { CountrySendCap } from './country-send-cap.js';
import { DailySmsBudget } from './daily-sms-budget.js';
import { PrefixThrottle } from './prefix-throttle.js';
import { RedisCounterStore } from './redis-counter-store.js';
import { SendGuard } from './send-guard.js';

/** The SendGuard the configuration describes, with its counters in `redis` under `keyPrefix`. */
export function createSendGuard(
  settings: ApiConfig['guard'],
  apps: Readonly<Record<string, AppSettings>>,
  deps: { redis: RedisClient; keyPrefix: string; metrics: Metrics; logger: Logger },
): SendGuard {
  const appCeilings = Object.fromEntries(
    Object.entries(apps).flatMap(([app, s]) => (s.sendsPerMinute ? [[app, s.sendsPerMinute]] : [])),
  );
  return new SendGuard({
    store: new RedisCounterStore(deps.redis, { keyPrefix: deps.keyPrefix }),
    // All counters share one pipeline; the order only decides which refusal is reported: most specific first.
    rules: [
      new AppSendCeiling(settings.appSendsPerMinute, appCeilings),
      new PrefixThrottle(settings.prefixThrottle),
      new CountrySendCap(settings.countryHourlyLimit, settings.countryHourlyLimits),
      new DailySmsBudget(settings.dailyBudget, { metrics: deps.metrics, logger: deps.logger }),
    ],
    countries: new CountryAllowList(settings.allowedCountries),
    captcha: settings.captcha ? new CaptchaVerifier(settings.captcha) : null,
    metrics: deps.metrics,
  });
}
