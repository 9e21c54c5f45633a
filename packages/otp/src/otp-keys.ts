import type { OtpTarget } from './otp-target.js';

/**
 * Redis key names. The phone is the hash tag (`{+9198…}`) and the app sits in
 * the name after it (`otp:{+9198…}:shop:code`), so every key of one phone, the
 * all-apps ceiling included, lands in one Redis Cluster slot and each script
 * stays one call, while each app's state stays its own.
 *
 * App names (`[a-z0-9][a-z0-9_-]*`) never hold a colon, so an app's keys always
 * have four or more segments, and the phone's own key (three) cannot collide
 * with any app's.
 */
export class OtpKeys {
  readonly #prefix: string;

  constructor(prefix: string) {
    this.#prefix = prefix;
  }

  code(target: OtpTarget): string {
    return this.#appKey(target, 'code');
  }

  cooldown(target: OtpTarget): string {
    return this.#appKey(target, 'cooldown');
  }

  /** The app's sends to the phone in the current window. */
  sends(target: OtpTarget): string {
    return this.#appKey(target, 'sends');
  }

  /** The app's sends to the phone in the current 24 hours. */
  dailySends(target: OtpTarget): string {
    return this.#appKey(target, 'sends:day');
  }

  /** The app's wrong guesses for the phone, by time, within the lockout window. */
  failures(target: OtpTarget): string {
    return this.#appKey(target, 'failures');
  }

  /** Present while the phone is locked out for the app. */
  lock(target: OtpTarget): string {
    return this.#appKey(target, 'lock');
  }

  /** SMS to the phone from every app in the current 24 hours. */
  globalDailySends(phone: string): string {
    return `${this.#prefix}otp:{${phone}}:global-sends`;
  }

  #appKey({ app, phone }: OtpTarget, kind: string): string {
    return `${this.#prefix}otp:{${phone}}:${app}:${kind}`;
  }
}
