import { hkdfSync } from 'node:crypto';

/** One key derived from one secret for one purpose, with the id of the secret it came from. */
export interface DerivedKey {
  /** Names the secret, not the key: the same for every purpose. Safe to store and to log. */
  id: string;
  key: Buffer;
}

export interface KeyringSecrets {
  /** OTP_SECRET: every new code and job is written with it. */
  current: string;
  /** OTP_SECRET_PREVIOUS: still accepted for codes and jobs written before a rotation. */
  previous?: string | undefined;
}

const SALT = 'otp-relay';

/**
 * OTP_SECRET and, during a rotation, OTP_SECRET_PREVIOUS. Each stored code and
 * sealed job records the id of the secret it was written with, so a reader
 * picks the right key at once instead of trying each; a record whose id is not
 * on the ring can never be opened, and says so.
 *
 * Keys are derived per purpose with HKDF, so the HMAC key is never the
 * encryption key, and the id (another HKDF output) reveals nothing about either.
 */
export class Keyring {
  readonly #secrets: readonly string[];

  constructor(secrets: KeyringSecrets) {
    this.#secrets = secrets.previous ? [secrets.current, secrets.previous] : [secrets.current];
  }

  /** The keys for `purpose`, current first. */
  derive(purpose: string, bytes = 32): DerivedKey[] {
    return this.#secrets.map((secret) => ({ id: secretId(secret), key: Buffer.from(hkdfSync('sha256', secret, SALT, purpose, bytes)) }));
  }
}

/** Eight base64url characters: 48 bits, so two secrets of one deployment never share an id. */
function secretId(secret: string): string {
  return Buffer.from(hkdfSync('sha256', secret, SALT, 'secret-id', 6)).toString('base64url');
}
