import type { SourceRow } from '../../sources/types.js';
import type { SourceRef } from '../../staging/types.js';
import type { MappedStep } from '../build-record.js';
import { type CellOptions, normalizeUsState, readCell, readPhone } from '../cells.js';
import type { EntityRow, FieldValue } from '../fields.js';
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

/** Where a row came from, as staged records and rejections carry it. */
export function sourceRefOf(input: MappedStep, row: SourceRow): SourceRef {
  return {
    input,
    provenance: { file: row.file, ...(row.sheet === undefined ? {} : { sheet: row.sheet }), row: row.row },
    values: row.values,
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
  return { source: sourceRefOf(input, row), fields, ...(accountKey === undefined ? {} : { accountKey }) };
}
