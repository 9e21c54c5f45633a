/** The limits one phone number is held to, enforced inside the issue and verify scripts. */
export interface PhoneLimits {
  /** Codes one app may send to the phone per `sendWindowSeconds`. Default 5. */
  sendLimit: number;
  /** Default 3600. */
  sendWindowSeconds: number;
  /** Codes one app may send to the phone per 24 hours. Default 10. */
  dailySendLimit: number;
  /** SMS the phone may receive per 24 hours from all apps together. Default 10. */
  globalDailySendLimit: number;
  /** Wrong guesses within `lockoutWindowSeconds` that lock the phone for the app. Default 10. */
  lockoutThreshold: number;
  /** Default 86 400. */
  lockoutWindowSeconds: number;
  /** The shortest lock; a lock lasts until the oldest counted guess leaves the window. Default 3600. */
  lockoutSeconds: number;
}

export const DEFAULT_PHONE_LIMITS: PhoneLimits = {
  sendLimit: 5,
  sendWindowSeconds: 3600,
  dailySendLimit: 10,
  globalDailySendLimit: 10,
  lockoutThreshold: 10,
  lockoutWindowSeconds: 86_400,
  lockoutSeconds: 3600,
};
