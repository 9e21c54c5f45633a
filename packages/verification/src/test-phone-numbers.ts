/** The formatting people type between digits. */
const FORMATTING = /[\s().-]/g;

/**
 * Numbers that always accept a fixed code and are never sent an SMS, for
 * app-store reviewers and end-to-end tests. Each app has its own (APP_SETTINGS
 * testPhoneNumbers; TEST_PHONE_NUMBERS for the implicit app): a test number of
 * one app is an ordinary number to every other, so one tenant's fixed code never
 * opens another's. Matched on the typed number, so a test number need not be a
 * real, valid one.
 */
export class TestPhoneNumbers {
  readonly #codes: ReadonlyMap<string, ReadonlyMap<string, string>>;

  /** @param codes per app, the fixed code by E.164 number */
  constructor(codes: Readonly<Record<string, Readonly<Record<string, string>>>>) {
    this.#codes = new Map(Object.entries(codes).map(([app, numbers]) => [app, new Map(Object.entries(numbers))]));
  }

  /** The E.164 number and its fixed code when `input` is one of `app`'s test numbers. */
  match(app: string, input: string): { phone: string; code: string } | undefined {
    const numbers = this.#codes.get(app);
    if (!numbers) return undefined;
    const phone = input.replace(FORMATTING, '');
    const code = numbers.get(phone);
    return code === undefined ? undefined : { phone, code };
  }
}
