import { ConfigError } from '../../errors/index.js';
import { headerIndex } from '../../sources/header.js';
import type { SourceRow } from '../../sources/types.js';
import type { MappedStep } from '../build-record.js';
import type { ColumnKind } from '../template-layouts.js';
import type { CompiledField } from './mapping-fields.js';
import type { When } from './mapping-file-schema.js';

// A mapping file's inputs once compiled, and how their columns are found in a file's header.

/** One record an input makes from each row, compiled. */
export interface CompiledRecord {
  /** The conditions the row must meet (all of them): the record's own, then the input's. */
  when: When[];
  explode?: string;
  legacyKey?: CompiledField;
  fields: Array<{ path: string; kind: ColumnKind; field: CompiledField }>;
}

/** One input of a mapping file, compiled: its header mode, account key and records. */
export interface CompiledInput {
  step: MappedStep;
  header: 'required' | 'none';
  accountKey?: CompiledField;
  records: CompiledRecord[];
  /** The `tokenized` flag: the `token` field's cells hold a processor token when it holds. */
  tokenized?: When;
  /** The lookups (joined files) its fields read, which the migration file must then supply. */
  lookups: string[];
  /** JSON files: the records are the items of every list of this name (InputSpec.recordsIn). */
  recordsIn?: string;
  /** How the input's JSON files (the system's API answers) are read, when not as the table export. */
  json?: CompiledInput;
}

/** The columns an input's mapping reads, by name. */
export function referencedColumns(input: CompiledInput): string[] {
  const columns: string[] = [];
  const add = (spec: CompiledField | undefined) => {
    if (!spec) return;
    columns.push(...spec.columns);
    add(spec.otherwise);
  };
  add(input.accountKey);
  for (const record of input.records) {
    add(record.legacyKey);
    for (const { field } of record.fields) add(field);
    for (const when of record.when) columns.push(when.column, ...(when.same_as ? [when.same_as] : []));
    if (record.explode) columns.push(record.explode);
  }
  if (input.tokenized) columns.push(input.tokenized.column);
  return [...new Set(columns)];
}

/** The form that reads a file: its `json` form for a `.json` file, when it has one. */
export function formOf(input: CompiledInput, file: string): CompiledInput {
  return input.json !== undefined && /\.json$/i.test(file) ? input.json : input;
}

/**
 * The form of an input that reads this header, with its columns: the file's own form (formOf)
 * first, then the other — a rejected CSV of the API answers fed back has the answers' columns.
 * When neither reads it, the file's own form's missing columns are the error.
 */
export function bindForm(
  input: CompiledInput,
  row: Pick<SourceRow, 'file' | 'sheet' | 'columns'>,
): { form: CompiledInput; columns: Map<string, number> } {
  const own = formOf(input, row.file);
  const other = input.json === undefined ? undefined : own === input ? input.json : input;
  try {
    return { form: own, columns: bindColumns(own, row) };
  } catch (error) {
    if (other === undefined || !(error instanceof ConfigError)) throw error;
    try {
      return { form: other, columns: bindColumns(other, row) };
    } catch {
      throw error;
    }
  }
}

/** Finds each referenced column in a header, or explains which are missing. */
export function bindColumns(
  input: CompiledInput,
  row: Pick<SourceRow, 'file' | 'sheet' | 'columns'>,
): Map<string, number> {
  const index = headerIndex(row.columns, { file: row.file, ...(row.sheet ? { sheet: row.sheet } : {}) });
  const bound = new Map<string, number>();
  const missing: string[] = [];
  for (const name of referencedColumns(input)) {
    const position = index.indexOf(name);
    if (position === undefined) missing.push(name);
    else bound.set(name, position);
  }
  if (missing.length > 0) {
    const where = `${row.file}${row.sheet ? `[${row.sheet}]` : ''}`;
    const hint =
      input.header === 'none'
        ? 'the file has no header: name columns by letter (A, B, …)'
        : 'fix the mapping or the header';
    throw new ConfigError(
      'CONFIG_INVALID',
      `${where}: the mapping of ${input.step} names column ${missing.map((m) => `"${m}"`).join(', ')}, which the file does not have — ${hint}. Its columns: ${row.columns.slice(0, 40).join(', ')}${row.columns.length > 40 ? ', …' : ''}.`,
    );
  }
  return bound;
}
