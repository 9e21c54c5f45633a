import { randomInt } from 'node:crypto';
import { isValidPhoneNumber } from 'libphonenumber-js/max';

/**
 * A random valid Indian mobile, `+919XXXXXXXXX`, checked by libphonenumber-js so the
 * API accepts it. Random numbers spread the load, so per-phone limits never dominate.
 */
export function randomIndianMobile(): string {
  for (;;) {
    const phone = `+919${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
    if (isValidPhoneNumber(phone)) return phone;
  }
}

/** `count` distinct random Indian mobiles. */
export function distinctIndianMobiles(count: number): string[] {
  const phones = new Set<string>();
  while (phones.size < count) phones.add(randomIndianMobile());
  return [...phones];
}
