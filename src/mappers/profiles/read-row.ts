import { maskToken } from '../../sonar/redact.js';
import type { SourceRow } from '../../sources/types.js';
import type { SourceRef } from '../../staging/types.js';
import type { MappedStep } from '../build-record.js';
import { type CellOptions, type CellRef, normalizeUsState, readCell, readPhone } from '../cells.js';
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
  const refOf = (column: BoundColumn): CellRef => {
    const ref: CellRef = {
      cell: row.values[column.index] ?? '',
      column: row.columns[column.index] ?? column.label ?? column.path,
    };
    if (column.label !== undefined) ref.label = column.label;
    return ref;
  };
  const plan = planOf(columns);
  for (const step of plan.steps) {
    const column = step.column;
    if (step.read === 'key') {
      accountKey = readCell('key', refOf(column), options);
    } else if (step.read === 'phone') {
      Object.assign(fields, readPhone(step.base, refOf(column), step.extension && refOf(step.extension)));
    } else if (step.read === 'cell') {
      fields[column.path] = readCell(column.kind, refOf(column), options);
    }
  }
  // An extension column without its number column (a partial template) is still read.
  for (const column of plan.loneExtensions) {
    if (fields[column.path] === undefined) fields[column.path] = readCell('integer', refOf(column), options);
  }
  normalizeUsState(fields);
  return {
    source: sourceRefOf(input, row, fields),
    fields,
    ...(accountKey === undefined ? {} : { accountKey }),
  };
}

/** How readRow reads one column; worked out once per layout, not per row. */
type ColumnStep =
  | { read: 'key' | 'cell' | 'skip'; column: BoundColumn }
  | { read: 'phone'; column: BoundColumn; base: string; extension: BoundColumn | undefined };

interface ReadPlan {
  steps: ColumnStep[];
  /** Extension columns whose number column is not in the layout. */
  loneExtensions: BoundColumn[];
}

const plans = new WeakMap<readonly BoundColumn[], ReadPlan>();

/** The read plan of a layout (cached: a profile binds its columns once and reads every row with them). */
function planOf(columns: readonly BoundColumn[]): ReadPlan {
  const cached = plans.get(columns);
  if (cached) return cached;
  const steps: ColumnStep[] = columns.map((column): ColumnStep => {
    if (column.path === 'account_number') return { read: 'key', column };
    if (column.kind === 'phone') {
      const base = column.path.replace(/\.number$/, '');
      const extension = columns.find((c) => c.path === `${base}.extension`);
      return { read: 'phone', column, base, extension };
    }
    // Phone extensions are read with their number (readPhone).
    if (/^phone_numbers\.\w+\.extension$/.test(column.path)) return { read: 'skip', column };
    return { read: 'cell', column };
  });
  const loneExtensions = columns.filter(
    (column) =>
      /\.extension$/.test(column.path) &&
      !columns.some((c) => c.path === column.path.replace(/extension$/, 'number')),
  );
  const plan = { steps, loneExtensions };
  plans.set(columns, plan);
  return plan;
}
