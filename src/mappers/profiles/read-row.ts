import { maskToken } from '../../sonar/redact.js';
import type { SourceRow } from '../../sources/types.js';
import type { SourceRef } from '../../staging/types.js';
import type { MappedStep } from '../build-record.js';
import { type CellOptions, normalizeUsState, readCell, readPhone } from '../cells.js';
import { type EntityRow, type FieldValue, secretPaths } from '../fields.js';
import type { ColumnKind } from '../template-layouts.js';

/** A layout column bound to its position in the file. */
export interface BoundColumn {
  index: number;
  /** Payload path, or `account_number` for the legacy account key. */
  path: string;
  kind: ColumnKind;
  /** The layout's name for the column (shown beside a column letter when the file has no header). */
  label?: string;
}

/**
 * Where a row came from, as staged records and rejections carry it. The cells holding a secret
 * (a payment token, a portal password — the fields in `secretPaths`) are masked to their last 4
 * characters here, so the copy of the row that reaches the state file, the rejected/failed CSVs and
 * every report never holds them; the payload itself keeps the value it must send.
 */
export function sourceRefOf(
  input: MappedStep,
  row: SourceRow,
  fields: Readonly<Record<string, FieldValue | undefined>> = {},
): SourceRef {
  const secrets = new Set<string>();
  for (const path of secretPaths) {
    const value = fields[path]?.value;
    if (typeof value === 'string' && value.trim() !== '') secrets.add(value.trim());
  }
  const values =
    secrets.size === 0
      ? row.values
      : row.values.map((cell) => (secrets.has(cell.trim()) ? maskToken(cell.trim()) : cell));
  return {
    input,
    provenance: { file: row.file, ...(row.sheet === undefined ? {} : { sheet: row.sheet }), row: row.row },
    values,
    columns: row.columns,
  };
}

/**
 * Reads a row through a column layout into an EntityRow: each cell by its kind, a phone number
 * with its extension column, the account number as the key, and a US state normalized to the name
 * Sonar lists.
 */
export function readRow(
  input: MappedStep,
  row: SourceRow,
  columns: readonly BoundColumn[],
  options: CellOptions,
): EntityRow {
  const fields: Record<string, FieldValue> = {};
  let accountKey: FieldValue | undefined;
  const refOf = (column: BoundColumn) => ({
    cell: row.values[column.index] ?? '',
    column: row.columns[column.index] ?? column.label ?? column.path,
    ...(column.label === undefined ? {} : { label: column.label }),
  });
  for (const column of columns) {
    if (column.path === 'account_number') {
      accountKey = readCell('key', refOf(column), options);
    } else if (column.kind === 'phone') {
      const base = column.path.replace(/\.number$/, '');
      const extension = columns.find((c) => c.path === `${base}.extension`);
      Object.assign(fields, readPhone(base, refOf(column), extension && refOf(extension)));
    } else if (!/^phone_numbers\.\w+\.extension$/.test(column.path)) {
      fields[column.path] = readCell(column.kind, refOf(column), options);
    }
  }
  for (const column of columns) {
    // An extension column without its number column (a partial template) is still read.
    if (/\.extension$/.test(column.path) && fields[column.path] === undefined) {
      const number = columns.some((c) => c.path === column.path.replace(/extension$/, 'number'));
      if (!number) fields[column.path] = readCell('integer', refOf(column), options);
    }
  }
  normalizeUsState(fields);
  return {
    source: sourceRefOf(input, row, fields),
    fields,
    ...(accountKey === undefined ? {} : { accountKey }),
  };
}
