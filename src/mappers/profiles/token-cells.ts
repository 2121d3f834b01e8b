import type { SourceRow } from '../../sources/types.js';
import type { CompiledField } from './mapping-fields.js';
import type { When } from './mapping-file-schema.js';

/** Where an input's payment tokens sit: the columns feeding `token`, and the source's "tokenized" flag. */
export interface TokenColumns {
  columns: string[];
  /** The input's `tokenized` condition (Freeside is_tokenized = Y), when the mapping gives one. */
  tokenized?: When;
}

/** The columns a field reads, its `else` chain included. */
export function fieldColumns(field: CompiledField | undefined): string[] {
  if (!field) return [];
  return [...field.columns, ...fieldColumns(field.otherwise)];
}

/**
 * The cells of a row the raw-card scan leaves alone: the token columns when the migration allows
 * bare numeric tokens (some processors' tokens are Luhn-valid numbers) or when the row's source
 * flag says the value is tokenized. Free-text columns (names, notes) are never among them.
 */
export function tokenCellsOf(
  tokens: TokenColumns,
  row: SourceRow,
  indexOf: (column: string) => number,
  holds: (when: When) => boolean,
  options: { allowNumericTokens: boolean },
): ReadonlySet<number> {
  const cells = new Set<number>();
  if (tokens.columns.length === 0) return cells;
  if (!options.allowNumericTokens && !(tokens.tokenized && holds(tokens.tokenized))) return cells;
  for (const column of tokens.columns) {
    const index = indexOf(column);
    if (index >= 0 && index < row.values.length) cells.add(index);
  }
  return cells;
}
