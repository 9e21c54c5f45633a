/**
 * A sealed payload that no key on this process's ring opens: it was sealed under
 * a secret the process no longer holds (an OTP_SECRET rotated out, or another
 * deployment's), or it was altered. Retrying cannot help.
 */
export class UnreadablePayloadError extends Error {
  /** The id of the secret the payload names; undefined for payloads sealed before key ids. */
  readonly keyId: string | undefined;

  constructor(message: string, keyId?: string) {
    super(message);
    this.name = 'UnreadablePayloadError';
    this.keyId = keyId;
  }
}
