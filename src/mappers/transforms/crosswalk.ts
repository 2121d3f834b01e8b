import { accept, quote, reject, type TransformResult } from './result.js';

/** Legacy value → Sonar id or Sonar name. */
export type CrosswalkTable = Readonly<Record<string, string | number>>;

/**
 * Looks a legacy value up in a crosswalk: exact first, then case-insensitively (trimmed). An unknown
 * value is refused with the known legacy values, so the user can add the missing line.
 */
export function applyCrosswalk(
  value: string,
  table: CrosswalkTable,
  name = 'the crosswalk',
): TransformResult<string | number> {
  if (Object.hasOwn(table, value)) return accept(table[value] as string | number);
  const wanted = value.trim().toLowerCase();
  for (const [key, target] of Object.entries(table)) {
    if (key.trim().toLowerCase() === wanted) return accept(target);
  }
  const known = Object.keys(table);
  // A lookup (a joined export file) may hold thousands of keys: name a few.
  const shown = known.slice(0, 20).map((k) => JSON.stringify(k));
  const more = known.length > 20 ? `, … (${known.length - 20} more)` : '';
  const list = known.length === 0 ? '(none)' : `${shown.join(', ')}${more}`;
  return reject(`${quote(value)} is not in ${name} — add it there; known legacy values: ${list}`);
}
