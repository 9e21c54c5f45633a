import { createHash } from 'node:crypto';
import { ServiceError } from '@otp/errors';

/**
 * The apps allowed to call the API. Config holds the SHA-256 of each key, never
 * the key, so a leaked config or dashboard does not leak a usable key.
 *
 * Lookup is by the hash of the presented key. Its timing can only reveal
 * something about SHA-256 outputs, which gives an attacker nothing to aim at.
 */
export class ApiKeyRegistry {
  readonly #appByHash: ReadonlyMap<string, string>;

  constructor(keys: ReadonlyArray<{ app: string; sha256: string }>) {
    this.#appByHash = new Map(keys.map((k) => [k.sha256.toLowerCase(), k.app]));
  }

  /** With no keys configured (development and tests only) every caller is let in anonymously. */
  get open(): boolean {
    return this.#appByHash.size === 0;
  }

  /** The hex SHA-256 to put in API_KEYS for `key`. */
  static hash(key: string): string {
    return createHash('sha256').update(key, 'utf8').digest('hex');
  }

  /** The app a key belongs to. Throws API_KEY_REQUIRED or API_KEY_INVALID. */
  identify(key: string | undefined): string {
    if (!key) throw new ServiceError('API_KEY_REQUIRED');
    const app = this.#appByHash.get(ApiKeyRegistry.hash(key));
    if (!app) throw new ServiceError('API_KEY_INVALID');
    return app;
  }
}
