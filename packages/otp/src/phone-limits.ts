/** The limits one phone number is held to, enforced inside the issue and verify scripts. */
export interface PhoneLimits {
  /** Codes per `sendWindowSeconds`. Default 5. */
  sendLimit: number;
  /** Default 3600. */
  sendWindowSeconds: number;
  /** Codes per 24 hours. Default 10. */
  dailySendLimit: number;
  /** Codes killed by wrong guesses within `lockoutWindowSeconds` that lock the phone. Default 3. */
  lockoutThreshold: number;
  /** Default 86 400. */
  lockoutWindowSeconds: number;
  /** How long a lock lasts. Default 3600. */
  lockoutSeconds: number;
}

export const DEFAULT_PHONE_LIMITS: PhoneLimits = {
  sendLimit: 5,
  sendWindowSeconds: 3600,
  dailySendLimit: 10,
  lockoutThreshold: 3,
  lockoutWindowSeconds: 86_400,
  lockoutSeconds: 3600,
};
