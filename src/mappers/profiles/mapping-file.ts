import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseConfigText } from '../../config/config-file.js';
import { suggestClosest } from '../../config/suggest.js';
import { ConfigError } from '../../errors/index.js';
import type { RowRejection } from '../../ground/types.js';
import { headerIndex } from '../../sources/header.js';
import type { InputSpec, SourceRow } from '../../sources/types.js';
import type { MappedStep } from '../build-record.js';
import { rejectField } from '../build-record.js';
import { normalizeUsState, splitList } from '../cells.js';
import { entityMappers, mappedSteps } from '../entities.js';
import type { EntityRow, FieldValue } from '../fields.js';
import type { ColumnKind } from '../template-layouts.js';
import type { InputMapper, MapResult, Profile } from '../types.js';
import { readLookupTables } from './lookup-tables.js';
import { type CompiledField, type Crosswalks, compileField, readMappedField } from './mapping-fields.js';
import { type FieldSpec, mappableFields, mappingFileSchema, type When } from './mapping-file-schema.js';
import { sourceRefOf } from './read-row.js';
import { fieldColumns, type TokenColumns, tokenCellsOf } from './token-cells.js';

/** One record an input makes from each row, compiled. */
export interface CompiledRecord {
  when?: When;
  /** The input's own `when`, which every record of a `records` list must also meet. */
  inputWhen?: When;
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
}

/** A profile read from a mapping file, with what it needs from each input's header. */
export interface MappingFileProfile extends Profile {
  compiled: Partial<Record<MappedStep, CompiledInput>>;
}

type Problem = { path: readonly PropertyKey[]; text: string };

/**
 * Reads and checks a mapping file (JSON, or YAML for any other extension): its shape, every field
 * name, transform, transform option and crosswalk. All problems are reported in one ConfigError
 * naming each key path and line. `crosswalks` are the configuration's (the file's own win).
 */
export async function loadMappingFile(
  path: string,
  displayName: string,
  crosswalks: Crosswalks = {},
  lookupFiles: Record<string, InputSpec> = {},
): Promise<MappingFileProfile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(
      'CONFIG_FILE_MISSING',
      `profile: the mapping file "${displayName}" (${path}) cannot be read — fix the path.`,
      { cause },
    );
  }
  const file = parseConfigText(text, displayName, extname(path).toLowerCase() === '.json');
  const fail = (problems: Problem[]) => {
    const lines = problems.map((p) => {
      const line = file.lineOf(p.path);
      const key = p.path.map(String).join('.');
      return `${displayName}${line === undefined ? '' : `:${line}`}: ${key === '' ? '' : `${key} `}${p.text}`;
    });
    return new ConfigError('CONFIG_INVALID', lines.join('\n'));
  };
  const parsed = mappingFileSchema.safeParse(file.data);
  if (!parsed.success) {
    throw fail(
      parsed.error.issues.map((issue) => {
        if (issue.code === 'unrecognized_keys') {
          return {
            path: [...issue.path, issue.keys[0] ?? ''],
            text: `is not a known key — remove it or fix its spelling (unknown: ${issue.keys.join(', ')})`,
          };
        }
        return { path: issue.path, text: `${issue.message.replace(/^Invalid input: /, '')} — fix the value` };
      }),
    );
  }
  const declared = parsed.data.lookups;
  const joined = await readLookupTables(declared, lookupFiles);
  // A lookup not supplied reads as empty tables: checkInputs names it if a configured input needs it.
  for (const [name, lookup] of Object.entries(declared)) {
    for (const column of lookup.columns) joined[`${name}.${column}`] ??= {};
  }
  const tables = { ...crosswalks, ...parsed.data.crosswalks, ...joined };
  const problems: Problem[] = [];
  const compiled: Partial<Record<MappedStep, CompiledInput>> = {};
  for (const step of mappedSteps) {
    const mapping = parsed.data.inputs[step];
    if (!mapping) continue;
    const at = ['inputs', step];
    const compile = (spec: FieldSpec, key: string[]) => {
      const result = compileField(spec, tables);
      if ('problems' in result) {
        for (const p of result.problems) problems.push({ path: [...at, ...key, ...p.path], text: p.text });
        return undefined;
      }
      return result.field;
    };
    const known = mappableFields(step);
    const input: CompiledInput = {
      step,
      header: mapping.header,
      records: [],
      ...(mapping.tokenized ? { tokenized: mapping.tokenized } : {}),
      lookups: Object.keys(declared).filter((name) => JSON.stringify(mapping).includes(`"${name}.`)),
    };
    if (mapping.account_key) input.accountKey = compile(mapping.account_key, ['account_key']);
    else if (step !== 'did_inventory') {
      problems.push({ path: at, text: 'needs "account_key": the column holding the legacy account number' });
    }
    const records = mapping.records ?? [
      {
        fields: mapping.fields ?? {},
        ...(mapping.when ? { when: mapping.when } : {}),
        ...(mapping.explode ? { explode: mapping.explode } : {}),
        ...(mapping.legacy_key ? { legacy_key: mapping.legacy_key } : {}),
      },
    ];
    records.forEach((record, n) => {
      const where = mapping.records ? ['records', String(n)] : [];
      const compiledRecord: CompiledRecord = {
        fields: [],
        ...(record.when ? { when: record.when } : {}),
        ...(mapping.records && mapping.when ? { inputWhen: mapping.when } : {}),
        ...(record.explode ? { explode: record.explode } : {}),
      };
      for (const [when, name] of [
        [record.when, 'when'],
        [mapping.when, 'when'],
        [mapping.tokenized, 'tokenized'],
      ] as const) {
        if (when?.crosswalk !== undefined && tables[when.crosswalk] === undefined) {
          problems.push({
            path: [...at, ...where, name, 'crosswalk'],
            text: `"${when.crosswalk}" is not a crosswalk or lookup column of the mapping file or the configuration — add it`,
          });
        }
      }
      const key = record.legacy_key ?? (mapping.records ? mapping.legacy_key : undefined);
      if (key) {
        const legacyKey = compile(key, [...where, 'legacy_key']);
        if (legacyKey) compiledRecord.legacyKey = legacyKey;
      }
      for (const [fieldPath, spec] of Object.entries(record.fields)) {
        const kind = known.get(fieldPath);
        if (kind === undefined) {
          const guess = suggestClosest(fieldPath, [...known.keys()]);
          problems.push({
            path: [...at, ...where, 'fields', fieldPath],
            text: `is not a field of ${step}${guess ? ` — did you mean "${guess}"?` : ''} Fields: ${[...known.keys()].join(', ')}`,
          });
          continue;
        }
        const field = compile(spec, [...where, 'fields', fieldPath]);
        if (field) compiledRecord.fields.push({ path: fieldPath, kind, field });
      }
      input.records.push(compiledRecord);
    });
    compiled[step] = input;
  }
  if (problems.length > 0) throw fail(problems);
  const inputs: Partial<Record<MappedStep, InputMapper>> = {};
  for (const [step, input] of Object.entries(compiled) as Array<[MappedStep, CompiledInput]>) {
    inputs[step] = mappedInput(input, tables);
  }
  return {
    name: displayName,
    description: parsed.data.description ?? `Mapping file ${displayName}.`,
    inputs,
    compiled,
  };
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
    for (const when of [record.when, record.inputWhen]) {
      if (when) columns.push(when.column, ...(when.same_as ? [when.same_as] : []));
    }
    if (record.explode) columns.push(record.explode);
  }
  if (input.tokenized) columns.push(input.tokenized.column);
  return [...new Set(columns)];
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

function mappedInput(input: CompiledInput, tables: Crosswalks): InputMapper {
  let binding: { key: string; columns: Map<string, number> } | undefined;
  const bind = (row: SourceRow) => {
    const key = `${row.file}\u0000${row.sheet ?? ''}\u0000${row.columns.join('\u0000')}`;
    if (binding?.key !== key) binding = { key, columns: bindColumns(input, row) };
    const positions = binding.columns;
    return (column: string) => positions.get(column) ?? -1;
  };
  const tokens: TokenColumns = {
    columns: [
      ...new Set(
        input.records.flatMap((r) =>
          r.fields.filter((f) => f.path === 'token').flatMap((f) => fieldColumns(f.field)),
        ),
      ),
    ],
    ...(input.tokenized ? { tokenized: input.tokenized } : {}),
  };
  return {
    header: input.header,
    tokenCells(row, options) {
      const indexOf = bind(row);
      return tokenCellsOf(tokens, row, indexOf, (when) => holds(when, row, indexOf, tables), options);
    },
    mapRow(row: SourceRow) {
      const indexOf = bind(row);
      const result: MapResult = { records: [], rejections: [] };
      for (const record of input.records) {
        if (record.inputWhen && !holds(record.inputWhen, row, indexOf, tables)) continue;
        if (record.when && !holds(record.when, row, indexOf, tables)) continue;
        for (const each of explode(record, row, indexOf)) {
          const mapped = mapRecord(input, record, each, indexOf);
          result.records.push(...mapped.records);
          result.rejections.push(...mapped.rejections);
        }
      }
      return result;
    },
  };
}

/** True when the row meets a record's condition. */
function holds(when: When, row: SourceRow, indexOf: (column: string) => number, tables: Crosswalks): boolean {
  const raw = (row.values[indexOf(when.column)] ?? '').trim();
  const looked = when.crosswalk === undefined ? raw : tables[when.crosswalk]?.[raw];
  const cell = String(looked ?? '')
    .trim()
    .toLowerCase();
  let met: boolean;
  if (when.same_as !== undefined)
    met = cell === (row.values[indexOf(when.same_as)] ?? '').trim().toLowerCase();
  else if (when.is === undefined) met = cell !== '';
  else {
    const wanted = typeof when.is === 'string' ? [when.is] : when.is;
    met = wanted.some((w) => w.trim().toLowerCase() === cell);
  }
  return when.not === true ? !met : met;
}

/** The row once per item of the `explode` column's list ("a; b" → two rows), or the row itself. */
function explode(record: CompiledRecord, row: SourceRow, indexOf: (column: string) => number): SourceRow[] {
  if (!record.explode) return [row];
  const index = indexOf(record.explode);
  return splitList(row.values[index] ?? '').map((item) => {
    const values = [...row.values];
    values[index] = item;
    return { ...row, values };
  });
}

function mapRecord(
  input: CompiledInput,
  record: CompiledRecord,
  row: SourceRow,
  indexOf: (column: string) => number,
): MapResult {
  const fields: Record<string, FieldValue> = {};
  const dropped: Array<[string, FieldValue]> = [];
  for (const { path, kind, field } of record.fields) {
    const read = readMappedField(path, kind, field, row, indexOf);
    if (field.dropInvalid && Object.values(read).some((v) => v.problem !== undefined)) {
      dropped.push(...Object.entries(read).filter(([, v]) => v.problem !== undefined));
      continue;
    }
    for (const [target, value] of Object.entries(read)) {
      // An extension mapped on its own wins over one split off the phone number ("x12").
      const derived = target !== path;
      if (!derived || fields[target] === undefined) fields[target] = value;
    }
  }
  normalizeUsState(fields);
  const keyOf = (spec: CompiledField | undefined) =>
    spec ? readMappedField('key', 'key', spec, row, indexOf).key : undefined;
  const accountKey = keyOf(input.accountKey);
  const legacyKey = keyOf(record.legacyKey);
  const entity = {
    source: sourceRefOf(input.step, row, fields),
    fields,
    ...(accountKey ? { accountKey } : {}),
    ...(legacyKey ? { legacyKey } : {}),
  };
  const mapped = entityMappers[input.step](entity);
  if (dropped.length === 0) return mapped;
  return {
    records: mapped.records,
    rejections: [...mapped.rejections, ...reportDropped(entity, dropped, mapped)],
  };
}

/** One MAP_FIELD_DROPPED per field left out of a record (`on_invalid: drop`): the record still loads. */
function reportDropped(
  entity: EntityRow,
  dropped: Array<[string, FieldValue]>,
  mapped: MapResult,
): RowRejection[] {
  const legacyKey = mapped.records[0]?.legacyKey;
  return dropped.map(([path, field]) => {
    const { cell: _quoted, ...located } = field;
    const what = `${field.problem ?? 'not a value Sonar accepts'} — the record is migrated without ${path}`;
    return rejectField(entity, 'MAP_FIELD_DROPPED', path, located, what, legacyKey);
  });
}
