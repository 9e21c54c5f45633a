/** The canonical form of a BCP 47 tag (`en-in` → `en-IN`), or undefined when it is not one. */
export function canonicalLocale(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * RFC 4647 lookup: the available tag that matches `requested`, trying it whole,
 * then without its last subtag, and so on (`hi-Latn-IN` → `hi-Latn` → `hi`).
 * `available` holds canonical tags.
 */
export function lookupLocale(requested: string | undefined, available: Iterable<string>): string | undefined {
  const canonical = requested === undefined ? undefined : canonicalLocale(requested);
  if (!canonical) return undefined;
  const tags = new Set(available);
  const subtags = canonical.split('-');
  for (let length = subtags.length; length > 0; length--) {
    const candidate = subtags.slice(0, length).join('-');
    if (tags.has(candidate)) return candidate;
  }
  return undefined;
}
