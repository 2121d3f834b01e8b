import { accept, isBlank, notMigratable, quote, reject, type TransformResult } from './result.js';

/** Options of refuseValue. */
export interface RefuseOptions {
  /** Why Sonar cannot take the value, and what to do instead (the rejection's message). */
  reason: string;
  /** Values that pass as "nothing" (any case, trimmed; "" for a blank cell). */
  unless?: readonly string[];
  /**
   * The rejection's code: MAP_INVALID_VALUE (default: a value to fix), or MAP_NOT_MIGRATABLE (the
   * row is a kind of thing Sonar cannot take: its other fields are not checked).
   */
  code?: 'MAP_INVALID_VALUE' | 'MAP_NOT_MIGRATABLE';
}

/**
 * Refuses a cell with a stated reason unless it is one of `unless`, which give no value (so a
 * field's `else` is read instead). Built-in profiles use it to reject, with a clear reason, rows
 * that a legacy system marks as something Sonar cannot take: a one-time charge already invoiced,
 * a cancelled package, a card number that was never tokenized. `quoteCell: false` keeps the cell
 * out of the message (a column that may hold a secret).
 */
export function refuseValue(
  value: string,
  options: RefuseOptions & { quoteCell?: boolean },
): TransformResult<null> {
  const cell = value.trim().toLowerCase();
  if ((options.unless ?? []).some((allowed) => allowed.trim().toLowerCase() === cell)) return accept(null);
  const refuse = options.code === 'MAP_NOT_MIGRATABLE' ? notMigratable : reject;
  if (options.quoteCell === false) return refuse(options.reason);
  return refuse(`${isBlank(value) ? 'a blank cell' : quote(value)}: ${options.reason}`);
}
