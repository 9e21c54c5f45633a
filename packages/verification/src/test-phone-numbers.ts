/** The formatting people type between digits. */
const FORMATTING = /[\s().-]/g;

/**
 * Numbers that always accept a fixed code and are never sent an SMS
 * (TEST_PHONE_NUMBERS), for app-store reviewers and end-to-end tests.
 * Matched on the typed number, so a test number need not be a real, valid one.
 */
export class TestPhoneNumbers {
  readonly #codes: ReadonlyMap<string, string>;

  /** @param codes fixed code by E.164 number */
  constructor(codes: Readonly<Record<string, string>>) {
    this.#codes = new Map(Object.entries(codes));
  }

  get size(): number {
    return this.#codes.size;
  }

  /** The E.164 number and its fixed code when `input` is a test number. */
  match(input: string): { phone: string; code: string } | undefined {
    if (this.#codes.size === 0) return undefined;
    const phone = input.replace(FORMATTING, '');
    const code = this.#codes.get(phone);
    return code === undefined ? undefined : { phone, code };
  }
}
