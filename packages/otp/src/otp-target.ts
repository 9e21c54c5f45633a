/**
 * Whose code: the app that asked for it and the phone it went to. Each app is a
 * tenant of its own, so two apps sending to one phone hold two separate codes,
 * cooldowns, caps and lockouts.
 */
export interface OtpTarget {
  /** The app's API_KEYS name, or the implicit app when the API runs without keys. */
  app: string;
  /** E.164. */
  phone: string;
}
