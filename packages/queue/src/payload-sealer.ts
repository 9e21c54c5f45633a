import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { SealedSecret } from './payload.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts the secret part of a job with AES-256-GCM. The request id is bound in
 * as associated data, so a sealed blob copied into another job fails to open.
 * Jobs other than sends seal other shapes (an expiry check seals `{phone}`) and
 * bind a prefixed id, so no blob opens in a job of another kind.
 */
export class PayloadSealer {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'otp-relay', 'job-payload-aes-256-gcm', 32));
  }

  seal<T extends object = SealedSecret>(secret: T, requestId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv).setAAD(Buffer.from(requestId));
    const body = Buffer.concat([cipher.update(JSON.stringify(secret), 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** Throws when the blob was tampered with, sealed for another request, or under another secret. */
  open<T extends object = SealedSecret>(sealed: string, requestId: string): T {
    const [version, data] = sealed.split('.');
    if (version !== VERSION || !data) throw new Error(`Unknown sealed payload version: ${version}`);
    const raw = Buffer.from(data, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(requestId))
      .setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  }
}
