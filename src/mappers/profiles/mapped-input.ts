import type { RowRejection } from '../../ground/types.js';
import type { SourceRow } from '../../sources/types.js';
import { rejectField } from '../build-record.js';
import { normalizeUsState, splitList } from '../cells.js';
import { entityMappers } from '../entities.js';
import type { EntityRow, FieldValue } from '../fields.js';
import type { InputMapper, MapResult } from '../types.js';
import { bindForm, type CompiledInput, type CompiledRecord } from './compiled-input.js';
import { type CompiledField, type Crosswalks, readMappedField } from './mapping-fields.js';
import type { When } from './mapping-file-schema.js';
import { sourceRefOf } from './read-row.js';
import { fieldColumns, type TokenColumns, tokenCellsOf } from './token-cells.js';

// How a compiled input reads one row: its conditions, lists, fields and the record it makes.

/**
 * The InputMapper of a compiled input; `tables` are the crosswalks and lookups its conditions read.
 * An input with a `json` form reads each file with the form its header fits (bindForm).
 */
export function mappedInput(input: CompiledInput, tables: Crosswalks): InputMapper {
  let binding: { key: string; form: FormReader } | undefined;
  const readers = new Map<CompiledInput, FormReader>();
  const readerOf = (form: CompiledInput) => {
    let reader = readers.get(form);
    if (!reader) {
      reader = formReader(form, tables);
      readers.set(form, reader);
    }
    return reader;
  };
  const bind = (row: SourceRow) => {
    const key = `${row.file}\u0000${row.sheet ?? ''}\u0000${row.columns.join('\u0000')}`;
    if (binding?.key !== key) {
      const { form, columns } = bindForm(input, row);
      binding = { key, form: readerOf(form).at(columns) };
    }
    return binding.form;
  };
  const recordsIn = input.json?.recordsIn ?? input.recordsIn;
  return {
    header: input.header,
    ...(recordsIn === undefined ? {} : { recordsIn }),
    tokenCells(row, options) {
      return bind(row).tokenCells(row, options);
    },
    mapRow(row: SourceRow) {
      return bind(row).mapRow(row);
    },
  };
}

/** How one form reads rows once its columns are found in a header. */
interface FormReader {
  at(columns: Map<string, number>): FormReader;
  tokenCells: NonNullable<InputMapper['tokenCells']>;
  mapRow(row: SourceRow): MapResult;
}

function formReader(input: CompiledInput, tables: Crosswalks, positions?: Map<string, number>): FormReader {
  const indexOf = (column: string) => positions?.get(column) ?? -1;
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
  // The kept copy of every row masks the cells `token` reads first, whatever the row became
  // (read-row.ts); an `else` column (tblclients cardtype, read to refuse a card) is not a token.
  const tokenAt = [
    ...new Set(
      input.records.flatMap((r) =>
        r.fields.filter((f) => f.path === 'token').flatMap((f) => f.field.columns),
      ),
    ),
  ]
    .map(indexOf)
    .filter((i) => i >= 0);
  const tokenPositions = tokenAt.length === 0 ? undefined : new Set(tokenAt);
  return {
    at: (columns) => formReader(input, tables, columns),
    tokenCells(row, options) {
      return tokenCellsOf(tokens, row, indexOf, (when) => holds(when, row, indexOf, tables), options);
    },
    mapRow(row: SourceRow) {
      const result: MapResult = { records: [], rejections: [] };
      for (const record of input.records) {
        if (!record.when.every((when) => holds(when, row, indexOf, tables))) continue;
        for (const each of explode(record, row, indexOf)) {
          const mapped = mapRecord(input, record, each, indexOf, tokenPositions);
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
  tokenPositions: ReadonlySet<number> | undefined,
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
    source: sourceRefOf(input.step, row, fields, tokenPositions),
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
