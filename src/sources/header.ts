import { SourceError } from '../errors/index.js';
import { columnLetter } from './column-letter.js';
import type { RawRow, SourceRow } from './types.js';

export type { SourceRow } from './types.js';

/** Whether the first row is a header: always, never, or when it matches the expected names. */
export type HeaderMode = 'required' | 'none' | { detect: string[] };

/** Header names compare without case and whitespace ("Account ID" = "accountid"). */
export function normalizeHeaderName(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

/**
 * Names each row's columns. With a header row (always for 'required'; for `detect`, when most of
 * the first row's cells match the expected names position by position) the header is consumed and
 * its cells name the columns; otherwise columns are named by letter (A, B, ...). A column past the
 * header, or under an empty header cell, is named by its letter too.
 */
export async function* applyHeader(rows: AsyncIterable<RawRow>, mode: HeaderMode): AsyncGenerator<SourceRow> {
  const name = columnNamer(mode);
  for await (const row of rows) {
    const named = name(row);
    if (named) yield named;
  }
}

/** `applyHeader` over batches of rows (see readRawRowBatches); a batch may come out empty. */
export async function* applyHeaderToBatches(
  batches: AsyncIterable<RawRow[]>,
  mode: HeaderMode,
): AsyncGenerator<SourceRow[]> {
  const name = columnNamer(mode);
  for await (const batch of batches) {
    const named: SourceRow[] = [];
    for (const row of batch) {
      const one = name(row);
      if (one) named.push(one);
    }
    yield named;
  }
}

/** Names one row after another; undefined for the header row, which it consumes. */
function columnNamer(mode: HeaderMode): (row: RawRow) => SourceRow | undefined {
  let header: string[] | undefined;
  let first = true;
  // Rows of one width share one (frozen) column list: no array per row, and the staging store can
  // recognise it by identity instead of serialising it for every row.
  const byWidth = new Map<number, string[]>();
  return (row) => {
    if (first) {
      first = false;
      if (mode === 'required' || (mode !== 'none' && looksLikeHeader(row.values, mode.detect))) {
        header = row.values.map((v) => v.trim());
        return undefined;
      }
    }
    let columns = byWidth.get(row.values.length);
    if (columns === undefined) {
      columns = Object.freeze(columnNames(header, row.values.length)) as string[];
      byWidth.set(row.values.length, columns);
    }
    return { ...row, columns };
  };
}

/** True when more than half of the expected names match the first row at their positions. */
export function looksLikeHeader(values: string[], expected: string[]): boolean {
  if (expected.length === 0) return false;
  let matches = 0;
  expected.forEach((name, i) => {
    const value = values[i];
    if (value !== undefined && normalizeHeaderName(value) === normalizeHeaderName(name)) matches++;
  });
  return matches * 2 > expected.length;
}

function columnNames(header: string[] | undefined, width: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < Math.max(width, header?.length ?? 0); i++) {
    const name = header?.[i];
    names.push(name ? name : columnLetter(i));
  }
  return names;
}

/** Name → position lookups over a row's columns, aware of names used twice. */
export interface HeaderIndex {
  /** The position of a column (names compare without case and whitespace); undefined if absent. Throws SOURCE_HEADER_DUPLICATE for a name used twice. */
  indexOf(name: string): number | undefined;
  /** The names (as written in the first place they appear) that head more than one column. */
  readonly duplicates: readonly string[];
}

/** Builds a HeaderIndex; `where` names the file, sheet and header row in the duplicate-name error. */
export function headerIndex(
  columns: readonly string[],
  where?: { file: string; sheet?: string; row?: number },
): HeaderIndex {
  const positions = new Map<string, number[]>();
  columns.forEach((name, i) => {
    const key = normalizeHeaderName(name);
    positions.set(key, [...(positions.get(key) ?? []), i]);
  });
  const duplicates = [...positions.values()].filter((p) => p.length > 1).map((p) => columns[p[0] ?? 0] ?? '');
  return {
    duplicates,
    indexOf(name) {
      const found = positions.get(normalizeHeaderName(name));
      if (!found) return undefined;
      if (found.length > 1) {
        const row = where?.row ?? 1;
        const file = where ? `${where.file}${where.sheet ? `[${where.sheet}]` : ''}:${row}: ` : '';
        const letters = found.map((i) => columnLetter(i)).join(', ');
        throw new SourceError(
          'SOURCE_HEADER_DUPLICATE',
          `${file}header "${name}" names columns ${letters} — rename one of them in the file, or map a column by letter.`,
          { ...(where ?? {}), row, column: name },
        );
      }
      return found[0];
    },
  };
}
