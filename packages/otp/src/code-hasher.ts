import { createHmac } from 'node:crypto';
import type { DerivedKey, Keyring } from '@otp/keyring';
import type { OtpTarget } from './otp-target.js';

/** An HMAC of a code and the id of the secret that keyed it. */
export interface CodeHash {
  keyId: string;
  hmac: string;
}

/**
 * HMAC-SHA256 of a code, bound to its app and phone, so a hash copied from one
 * app's or phone's key is useless for another. Redis only ever sees this hash.
 */
export class CodeHasher {
  readonly #keys: DerivedKey[];

  constructor(keyring: Keyring) {
    this.#keys = keyring.derive('otp-code-hmac');
  }

  /** Under the current secret: how a new code is stored. */
  hash(target: OtpTarget, code: string): CodeHash {
    return this.#hashWith(this.#keys[0] as DerivedKey, target, code);
  }

  /** Under every secret held, current first: a stored code may have been hashed with any of them. */
  candidates(target: OtpTarget, code: string): CodeHash[] {
    return this.#keys.map((key) => this.#hashWith(key, target, code));
  }

  #hashWith({ id, key }: DerivedKey, { app, phone }: OtpTarget, code: string): CodeHash {
    return { keyId: id, hmac: createHmac('sha256', key).update(`${app}\n${phone}\n${code}`).digest('base64url') };
  }
}
