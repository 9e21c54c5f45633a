import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DerivedKey, Keyring } from '@otp/keyring';
import type { SealedSecret } from './payload.js';
import { UnreadablePayloadError } from './unreadable-payload-error.js';

/** `v2.<key id>.<iv | tag | ciphertext>`; `v1.<…>` payloads, sealed before key ids, name no key. */
const VERSION = 'v2';
const LEGACY_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts the secret part of a job with AES-256-GCM. The request id is bound in
 * as associated data, so a sealed blob copied into another job fails to open.
 *
 * Seals with the current OTP_SECRET and names its key id; opens with whichever
 * key of the ring the payload names, so jobs queued before a rotation still
 * deliver while OTP_SECRET_PREVIOUS holds the old secret.
 *
 * Jobs other than sends seal other shapes (an expiry check seals `{phone}`) and
 * bind a prefixed id, so no blob opens in a job of another kind.
 */
export class PayloadSealer {
  readonly #keys: DerivedKey[];

  constructor(keyring: Keyring) {
    this.#keys = keyring.derive('job-payload-aes-256-gcm');
  }

  /** The ids of the secrets this sealer opens, current first: for diagnostics, never secret. */
  get keyIds(): string[] {
    return this.#keys.map((key) => key.id);
  }

  seal<T extends object = SealedSecret>(secret: T, requestId: string): string {
    const { id, key } = this.#keys[0] as DerivedKey;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(requestId));
    const body = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
    return `${VERSION}.${id}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Throws UnreadablePayloadError when no key opens it: another secret, tampered with, or sealed for another request. */
  open<T extends object = SealedSecret>(sealed: string, requestId: string): T {
    const parts = sealed.split('.');
    if (parts[0] === VERSION && parts.length === 3) {
      const key = this.#keys.find((candidate) => candidate.id === parts[1]);
      if (!key) throw new UnreadablePayloadError(`sealed under key id ${parts[1]}, which is not on this process's keyring`, parts[1]);
      return this.#openWith<T>(key, parts[2] as string, requestId);
    }
    if (parts[0] === LEGACY_VERSION && parts.length === 2) {
      for (const key of this.#keys) {
        try {
          return decrypt<T>(key.key, parts[1] as string, requestId);
        } catch {
          // Not this key; a legacy payload names none, so the next one is tried.
        }
      }
      throw new UnreadablePayloadError('sealed before key ids, and no key on this process opens it');
    }
    throw new UnreadablePayloadError(`unknown sealed payload format ${JSON.stringify(parts[0]?.slice(0, 8))}`);
  }

  #openWith<T>(key: DerivedKey, data: string, requestId: string): T {
    try {
      return decrypt<T>(key.key, data, requestId);
    } catch {
      throw new UnreadablePayloadError(`sealed under key id ${key.id}, but it does not authenticate: altered, or sealed for another request`, key.id);
    }
  }
}

function decrypt<T>(key: Buffer, data: string, requestId: string): T {
  const raw = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
    .setAAD(Buffer.from(requestId))
    .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as T;
}
