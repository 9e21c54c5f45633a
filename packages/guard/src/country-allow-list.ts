import { ServiceError } from '@otp/errors';

/** The destination countries SMS may go to (SMS_ALLOWED_COUNTRIES). Checked before anything is stored. */
export class CountryAllowList {
  readonly #countries: ReadonlySet<string> | '*';

  constructor(countries: readonly string[] | '*') {
    this.#countries = countries === '*' ? '*' : new Set(countries);
  }

  allows(country: string): boolean {
    return this.#countries === '*' || this.#countries.has(country);
  }

  /** Throws PHONE_COUNTRY_NOT_ALLOWED for a country outside the list. */
  check(country: string): void {
    if (!this.allows(country)) throw new ServiceError('PHONE_COUNTRY_NOT_ALLOWED', { details: { country } });
  }
}
