/** What a transform returns: a value, or a message saying what is wrong and what to do (no location). */
export type TransformResult<T> =
  | { ok: true; value: T }
  | { ok: false; message: string; code?: 'MAP_NOT_MIGRATABLE' };

/** A successful transform result. */
export function accept<T>(value: T): TransformResult<T> {
  return { ok: true, value };
}

/** A failed transform result; the caller prefixes file:row:column. */
export function reject<T = never>(message: string): TransformResult<T> {
  return { ok: false, message };
}

/** A refusal of the whole row (MAP_NOT_MIGRATABLE): what it is, why Sonar cannot take it, what to do. */
export function notMigratable<T = never>(message: string): TransformResult<T> {
  return { ok: false, message, code: 'MAP_NOT_MIGRATABLE' };
}

/** True for a cell with nothing but whitespace in it. */
export function isBlank(value: string): boolean {
  return value.trim() === '';
}

/** Quotes a cell value for a message, shortened so a stray blob never floods a report. */
export function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  return JSON.stringify(shown);
}
