import { type PropertySetter, setProperty, setterOf } from '../../ground/property-setters.js';
import type { SourceRef } from '../../ground/types.js';
import { maskToken } from '../../sonar/redact.js';
import type { SourceRow } from '../../sources/types.js';
import type { MappedStep } from '../build-record.js';
import {
  type CellOptions,
  type CellRef,
  normalizeUsState,
  type PhonePaths,
  phonePaths,
  readCellAt,
  readPhoneInto,
} from '../cells.js';
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
 * characters here, and a column named as a password is blanked whether mapped or not, so the copy of the row that reaches the state file, the rejected/failed CSVs and
 * every report never holds them; the payload itself keeps the value it must send. `secretColumns`
 * (the positions a mapping reads tokens from) are masked on every row, whatever the row became: a
 * refused bank account's mandate id too.
 */
export function sourceRefOf(
  input: MappedStep,
  row: SourceRow,
  fields: Readonly<Record<string, FieldValue | undefined>> = {},
  secretColumns?: ReadonlySet<number>,
): SourceRef {
  // Runs once per row: the Set of secrets is only made when a row has one (most rows have none).
  let secrets: Set<string> | undefined;
  for (const path of secretPaths) {
    const value = fields[path]?.value;
    if (typeof value !== 'string' || value.trim() === '') continue;
    secrets ??= new Set();
    secrets.add(value.trim());
  }
  const found = secrets;
  const masked =
    found === undefined && secretColumns === undefined
      ? row.values
      : row.values.map((cell, i) => maskCell(cell, found, secretColumns?.has(i) === true));
  const values = withoutPasswords(masked, row.columns);
  const provenance: SourceRef['provenance'] =
    row.sheet === undefined
      ? { file: row.file, row: row.row }
      : { file: row.file, sheet: row.sheet, row: row.row };
  return { input, provenance, values, columns: row.columns };
}

/**
 * A kept cell with its secrets masked: a cell that is a secret shows its last 4 characters; a cell
 * holding one inside it (WHMCS's Stripe `{"customer":"cus_…","method":"pm_…"}`) shows the rest of
 * the cell with the secret as its last 4; any other cell of a token column, its last 4.
 */
function maskCell(cell: string, secrets: ReadonlySet<string> | undefined, secretColumn: boolean): string {
  const trimmed = cell.trim();
  if (trimmed === '') return cell;
  if (secrets?.has(trimmed)) return maskToken(trimmed);
  let out = cell;
  for (const secret of secrets ?? []) if (secret.length >= 8) out = out.split(secret).join(maskToken(secret));
  // A token column's cell with no token read from it (a refused row, a cut-short token): masked whole.
  return secretColumn && out === cell ? maskToken(trimmed) : out;
}

/** What a password column's cell becomes in the kept copy of a row. */
export const REDACTED_CELL = '[redacted]';

// Exports carry passwords the migration never maps (Splynx `password`, `portal_pass`, a
// service's PPPoE `password`, WHMCS's hash, Freeside `_password`/`sip_password`): by header name.
const passwordHeader = /(^|[_\s.-])(pass|passwd|password|pwd|pin|secret)$/i;
const passwordColumns = new WeakMap<readonly string[], readonly number[]>();

/** The cells under a password-named column, blanked out of the copy of the row kept for reports. */
function withoutPasswords(values: string[], columns: readonly string[]): string[] {
  let positions = passwordColumns.get(columns);
  if (positions === undefined) {
    positions = columns.flatMap((name, i) => (passwordHeader.test(name.trim()) ? [i] : []));
    passwordColumns.set(columns, positions);
  }
  if (positions.every((i) => (values[i] ?? '') === '')) return values;
  const copy = [...values];
  for (const i of positions) if ((copy[i] ?? '') !== '') copy[i] = REDACTED_CELL;
  return copy;
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
  // Fields are set through named setters (property-setters.ts): a wide row stays a fast object.
  const fields: Record<string, FieldValue> = {};
  let accountKey: FieldValue | undefined;
  const values = row.values;
  const names = row.columns;
  const cellOptions = row.decimal === ',' ? withDecimalComma(options) : options;
  // Cells are read without a CellRef per cell (this runs for every cell of every row).
  const read = (kind: ColumnKind, column: BoundColumn): FieldValue =>
    readCellAt(
      kind,
      values[column.index] ?? '',
      names[column.index] ?? column.label ?? column.path,
      column.label,
      cellOptions,
    );
  const plan = planOf(columns);
  for (const step of plan.steps) {
    const column = step.column;
    if (step.read === 'cell') {
      step.set(fields, read(column.kind, column));
    } else if (step.read === 'key') {
      accountKey = read('key', column);
    } else if (step.read === 'phone') {
      readPhoneInto(fields, step.paths, refOf(row, column), step.extension && refOf(row, step.extension));
    }
  }
  // An extension column without its number column (a partial template) is still read.
  for (const column of plan.loneExtensions) {
    if (fields[column.path] === undefined) setProperty(fields, column.path, read('integer', column));
  }
  normalizeUsState(fields);
  // Only a layout with a secret column (a token, a password) has cells to mask.
  const source = plan.secrets ? sourceRefOf(input, row, fields) : sourceRefOf(input, row, NO_FIELDS);
  const entity: EntityRow = { source, fields };
  if (accountKey !== undefined) entity.accountKey = accountKey;
  return entity;
}

const commaOptions = new WeakMap<CellOptions, CellOptions>();

/** A profile's cell options for an input written with decimal commas: made once per profile, not per row. */
function withDecimalComma(options: CellOptions): CellOptions {
  let comma = commaOptions.get(options);
  if (comma === undefined) {
    comma = { ...options, decimalComma: true };
    commaOptions.set(options, comma);
  }
  return comma;
}

/** A cell and where it is, for readPhone. */
function refOf(row: SourceRow, column: BoundColumn): CellRef {
  const ref: CellRef = {
    cell: row.values[column.index] ?? '',
    column: row.columns[column.index] ?? column.label ?? column.path,
  };
  if (column.label !== undefined) ref.label = column.label;
  return ref;
}

/** How readRow reads one column; worked out once per layout, not per row. */
type ColumnStep =
  | { read: 'key' | 'skip'; column: BoundColumn }
  | { read: 'cell'; column: BoundColumn; set: PropertySetter }
  | { read: 'phone'; column: BoundColumn; paths: PhonePaths; extension: BoundColumn | undefined };

interface ReadPlan {
  steps: ColumnStep[];
  /** Whether a column of the layout is a secret (`secretPaths`), whose cells sourceRefOf masks. */
  secrets: boolean;
  /** Extension columns whose number column is not in the layout. */
  loneExtensions: BoundColumn[];
}

const plans = new WeakMap<readonly BoundColumn[], ReadPlan>();

/** The fields sourceRefOf sees for a layout without secret columns: none can hold a secret. */
const NO_FIELDS: Readonly<Record<string, FieldValue | undefined>> = Object.freeze({});

/** The read plan of a layout (cached: a profile binds its columns once and reads every row with them). */
function planOf(columns: readonly BoundColumn[]): ReadPlan {
  const cached = plans.get(columns);
  if (cached) return cached;
  const steps: ColumnStep[] = columns.map((column): ColumnStep => {
    if (column.path === 'account_number') return { read: 'key', column };
    if (column.kind === 'phone') {
      const base = column.path.replace(/\.number$/, '');
      const extension = columns.find((c) => c.path === `${base}.extension`);
      return { read: 'phone', column, paths: phonePaths(base), extension };
    }
    // Phone extensions are read with their number (readPhone).
    if (/^phone_numbers\.\w+\.extension$/.test(column.path)) return { read: 'skip', column };
    return { read: 'cell', column, set: setterOf(column.path) };
  });
  const loneExtensions = columns.filter(
    (column) =>
      /\.extension$/.test(column.path) &&
      !columns.some((c) => c.path === column.path.replace(/extension$/, 'number')),
  );
  const secrets = columns.some((column) => secretPaths.has(column.path));
  const plan = { steps, secrets, loneExtensions };
  plans.set(columns, plan);
  return plan;
}
