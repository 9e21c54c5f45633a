import type { SmsProvider } from './sms-provider.js';
import type { FailureFault } from './sms-provider-error.js';

export interface RouterOptions {
  /** Every provider a route, the default or the fallback may name, by name. */
  providers: ReadonlyMap<string, SmsProvider>;
  /** The provider for countries no route names (SMS_PROVIDER). */
  defaultProvider: string;
  /** Per-country providers, `*` matching any country (SMS_ROUTES). First match wins. */
  routes?: ReadonlyArray<{ country: string; provider: string }>;
  /** Where the next attempt goes after a provider-side failure (SMS_FALLBACK_PROVIDER). */
  fallbackProvider?: string | undefined;
}

/** What the previous attempt of this SMS ran into, if anything. */
export interface PreviousFailure {
  provider: string;
  fault: FailureFault;
}

/**
 * Picks the provider for each attempt: the route for the destination country,
 * unless the previous attempt failed for provider-side reasons, in which case
 * the fallback takes over. Failures about the recipient stay on the routed
 * provider, since another provider would fail the same way.
 */
export class ProviderRouter {
  readonly #options: RouterOptions;

  constructor(options: RouterOptions) {
    for (const name of [options.defaultProvider, options.fallbackProvider, ...(options.routes ?? []).map((r) => r.provider)]) {
      if (name !== undefined && !options.providers.has(name)) throw new Error(`No SMS provider named ${name} is configured`);
    }
    this.#options = options;
  }

  /** The provider routed for `country`, ignoring failures. */
  routed(country: string): SmsProvider {
    const route = this.#options.routes?.find((r) => r.country === country.toUpperCase() || r.country === '*');
    return this.#get(route?.provider ?? this.#options.defaultProvider);
  }

  /** The provider for the next attempt to `country`. */
  choose(country: string, previous?: PreviousFailure): SmsProvider {
    const routed = this.routed(country);
    const fallback = this.#options.fallbackProvider;
    if (!previous || previous.fault !== 'provider' || !fallback) return routed;
    // Alternate: after the fallback fails too, give the routed provider another turn.
    return previous.provider === fallback ? routed : this.#get(fallback);
  }

  /**
   * Whether a failure can be worked around by moving the next attempt to
   * another provider. A permanent failure at the fallback itself cannot: going
   * back and forth between two misconfigured providers would only burn attempts.
   */
  failsOver(country: string, failure: PreviousFailure & { permanent: boolean }): boolean {
    if (failure.permanent && failure.provider === this.#options.fallbackProvider) return false;
    return this.choose(country, failure).name !== failure.provider;
  }

  #get(name: string): SmsProvider {
    return this.#options.providers.get(name) as SmsProvider;
  }
}
