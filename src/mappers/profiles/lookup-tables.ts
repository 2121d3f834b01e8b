import { ConfigError } from '../../errors/index.js';
import { applyHeader, headerIndex, readRawRows } from '../../sources/index.js';
import type { InputSpec } from '../../sources/types.js';
import type { Crosswalks } from './mapping-fields.js';

/** A lookup a mapping file declares: the file's key column and the columns it takes from it. */
export interface LookupDeclaration {
  key: string;
  columns: string[];
  /** Rows left out: where this column holds one of these values (any case). */
  skip?: { column: string; is: string[] } | undefined;
  /** Columns made by joining several of the file's with a space, blanks skipped (name → columns). */
  join?: Record<string, string[]> | undefined;
}

/**
 * Reads each declared lookup's file (header row required) into crosswalk tables named
 * `<lookup>.<column>`: key cell → that column's cell, so a field reads a joined value with
 * `transform: crosswalk`. The first row of a key wins (Freeside orders cust_payby by weight, the
 * file's order). A lookup the migration file does not supply is left out: the fields naming it
 * then fail to compile, with the lookup to add named. A `join` column is several of the file's
 * cells joined with a space, blanks skipped (WHMCS `name`: firstname lastname, the name on a card).
 */
export async function readLookupTables(
  declared: Record<string, LookupDeclaration>,
  files: Record<string, InputSpec>,
): Promise<Crosswalks> {
  const tables: Record<string, Record<string, string>> = {};
  for (const [name, lookup] of Object.entries(declared)) {
    const spec = files[name];
    if (!spec) continue;
    const joins = Object.entries(lookup.join ?? {});
    for (const column of [...lookup.columns, ...joins.map(([joined]) => joined)]) {
      tables[`${name}.${column}`] = {};
    }
    let positions: { key: number; columns: number[]; skip: number; joins: number[][] } | undefined;
    const skipped = new Set(lookup.skip?.is.map((v) => v.trim().toLowerCase()));
    for await (const row of applyHeader(readRawRows(spec), 'required')) {
      if (!positions) {
        const index = headerIndex(row.columns, { file: row.file });
        const at = (column: string) => {
          const found = index.indexOf(column);
          if (found === undefined) {
            throw new ConfigError(
              'CONFIG_INVALID',
              `lookups.${name}: the file "${spec.displayName}" has no column "${column}", which the profile joins on — export it with that column. Its columns: ${row.columns.join(', ')}.`,
            );
          }
          return found;
        };
        positions = {
          key: at(lookup.key),
          columns: lookup.columns.map(at),
          skip: lookup.skip ? at(lookup.skip.column) : -1,
          joins: joins.map(([, parts]) => parts.map(at)),
        };
      }
      const key = (row.values[positions.key] ?? '').trim();
      if (key === '') continue;
      if (positions.skip >= 0 && skipped.has((row.values[positions.skip] ?? '').trim().toLowerCase()))
        continue;
      lookup.columns.forEach((column, i) => {
        const table = tables[`${name}.${column}`] as Record<string, string>;
        if (!Object.hasOwn(table, key)) table[key] = (row.values[positions?.columns[i] ?? -1] ?? '').trim();
      });
      joins.forEach(([joined], i) => {
        const table = tables[`${name}.${joined}`] as Record<string, string>;
        const cells = (positions?.joins[i] ?? []).map((p) => (row.values[p] ?? '').trim());
        if (!Object.hasOwn(table, key)) table[key] = cells.filter((c) => c !== '').join(' ');
      });
    }
  }
  return tables;
}
