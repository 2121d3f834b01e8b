import type { Statement } from 'better-sqlite3';

/**
 * The rows of `page`, a statement taking its parameters and then `@after` (or a last positional
 * `?`) and answering at most `size` rows ordered by `legacy_key`, read a page at a time: memory
 * stays one page, and a caller may write to the state file between pages (an open cursor forbids it).
 */
export function* keysetRows<T extends { legacy_key: string }>(
  page: Statement,
  params: readonly unknown[],
  size: number,
): Generator<T, void, undefined> {
  let after = '';
  for (;;) {
    const rows = page.all(...params, after) as T[];
    yield* rows;
    const last = rows.at(-1);
    if (!last || rows.length < size) return;
    after = last.legacy_key;
  }
}
