/**
 * Whether a staged value and the value Sonar shows mean the same: Sonar answers numbers as strings
 * (a card's `expiration_month` "07" for 7, prices "19.99"), absent and null alike, phone numbers
 * with `extension: null`, and id lists in its own order.
 */
export function sameValue(expected: unknown, found: unknown): boolean {
  return canonical(expected) === canonical(found);
}

/** A value as verify.csv shows it: text as is, numbers plainly, objects and lists as canonical JSON. */
export function shownValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonical(value);
}

const numeric = /^-?\d+(\.\d+)?$/;

/** One text per meaning: trimmed text, numbers without leading zeros, null fields dropped, lists sorted. */
function canonical(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const text = value.trim();
    return numeric.test(text) ? String(Number(text)) : text;
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => [key, canonical(v)] as const)
      .filter(([, v]) => v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${k}:${v}`).join(',')}}`;
  }
  return String(value);
}
