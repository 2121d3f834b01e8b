import type { SourceRow } from '../../sources/types.js';
import { convert, readPhone, splitList } from '../cells.js';
import type { FieldValue } from '../fields.js';
import type { ColumnKind } from '../template-layouts.js';
import { type TransformDefinition, transformNames, transforms } from '../transforms/index.js';
import { type FieldSpec, fieldSpecKeys } from './mapping-file-schema.js';

/** A field spec checked against the transform registry, ready to read rows. */
export interface CompiledField {
  /** The columns it reads, by header name (or letter for files without a header). */
  columns: string[];
  constant?: unknown;
  transform?: { name: string; definition: TransformDefinition; options: unknown };
  pick?: 'first' | 'last';
  /** A regular expression: its first group (or whole match) is the value; no match is a problem. */
  match?: RegExp;
  prefix?: string;
  suffix?: string;
  /** Read when this field is blank. */
  otherwise?: CompiledField;
  /** A value Sonar would refuse is dropped from the record (reported) instead of rejecting it. */
  dropInvalid?: boolean;
}

/** The transforms that read a named crosswalk table (`"crosswalk": "plans"`). */
const crosswalkTransforms = new Set(['crosswalk', 'rate_center']);

/** Named crosswalk tables: the mapping file's own, then the configuration's. */
export type Crosswalks = Record<string, Record<string, string | number>>;

/** Checks a field spec; returns it compiled, or the problems (each relative to the spec's key path). */
export function compileField(
  spec: FieldSpec,
  crosswalks: Crosswalks,
): { field: CompiledField } | { problems: Array<{ path: string[]; text: string }> } {
  if (typeof spec === 'string') return { field: { columns: [spec] } };
  const problems: Array<{ path: string[]; text: string }> = [];
  const sources = ['column', 'columns', 'value'].filter((k) => spec[k] !== undefined);
  const hasColumns = spec.column !== undefined || spec.columns !== undefined;
  if (sources.length === 0 || (hasColumns && spec.column !== undefined && spec.columns !== undefined)) {
    problems.push({ path: [], text: 'needs exactly one of "column", "columns" or "value"' });
  }
  const field: CompiledField = {
    columns: spec.columns ?? (spec.column === undefined ? [] : [spec.column]),
    ...(hasColumns ? {} : { constant: spec.value }),
    ...(spec.pick === undefined ? {} : { pick: spec.pick }),
    ...(spec.match === undefined ? {} : { match: new RegExp(spec.match) }),
    ...(spec.prefix === undefined ? {} : { prefix: spec.prefix }),
    ...(spec.suffix === undefined ? {} : { suffix: spec.suffix }),
    ...(spec.on_invalid === 'drop' ? { dropInvalid: true } : {}),
  };
  if (spec.else !== undefined) {
    const otherwise = compileField(spec.else, crosswalks);
    if ('problems' in otherwise) {
      for (const p of otherwise.problems) problems.push({ path: ['else', ...p.path], text: p.text });
    } else field.otherwise = otherwise.field;
  }
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (!(fieldSpecKeys as readonly string[]).includes(key) || (key === 'value' && hasColumns))
      options[key] = value;
  }
  if (spec.transform === undefined) {
    const stray = Object.keys(options);
    if (stray.length > 0 || spec.crosswalk !== undefined) {
      problems.push({
        path: [stray[0] ?? 'crosswalk'],
        text: `is not a key of a field without a transform (keys: ${fieldSpecKeys.join(', ')}) — add "transform" or remove it`,
      });
    }
    return problems.length > 0 ? { problems } : { field };
  }
  const definition = transforms[spec.transform];
  if (!definition) {
    problems.push({
      path: ['transform'],
      text: `"${spec.transform}" is not a transform — use one of ${transformNames.join(', ')}`,
    });
    return { problems };
  }
  if (spec.crosswalk !== undefined) {
    if (!crosswalkTransforms.has(spec.transform)) {
      problems.push({
        path: ['crosswalk'],
        text: 'only applies with "transform": "crosswalk" or "rate_center"',
      });
    } else if (crosswalks[spec.crosswalk] === undefined) {
      const known = Object.keys(crosswalks);
      problems.push({
        path: ['crosswalk'],
        text: `"${spec.crosswalk}" is not a crosswalk in the mapping file or the configuration (known: ${known.join(', ') || 'none'}) — add it under "crosswalks"`,
      });
    } else {
      options.map = crosswalks[spec.crosswalk];
      options.name = `crosswalk "${spec.crosswalk}"`;
    }
  }
  const second = spec.then_crosswalk;
  if (spec.transform === 'crosswalk' && typeof second === 'string') {
    if (crosswalks[second] === undefined) {
      problems.push({
        path: ['then_crosswalk'],
        text: `"${second}" is not a crosswalk or lookup column — add it`,
      });
    } else {
      options.then_crosswalk = crosswalks[second];
      options.thenName = `crosswalk "${second}"`;
    }
  }
  if (definition.input === 'many' && spec.columns === undefined) {
    problems.push({
      path: ['transform'],
      text: `"${spec.transform}" takes several columns: use "columns": [...]`,
    });
  }
  if (definition.input === 'one' && spec.columns !== undefined && spec.columns.length > 1) {
    problems.push({ path: ['columns'], text: `"${spec.transform}" takes one column: use "column"` });
  }
  const parsed = definition.options.safeParse(options);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({
        path: issue.path.map(String),
        text: `${issue.message} (options of "${spec.transform}")`,
      });
    }
  }
  if (problems.length > 0) return { problems };
  return { field: { ...field, transform: { name: spec.transform, definition, options } } };
}

/** True when a field read gave nothing (every produced field blank and without a problem). */
function isEmpty(fields: Record<string, FieldValue>): boolean {
  return Object.values(fields).every(
    (f) => f.problem === undefined && (f.value === undefined || f.value === ''),
  );
}

/**
 * Reads a compiled field from a row into payload fields (a phone gives `.number` and
 * `.extension`): cells → transform → the value kind of the payload field.
 */
export function readMappedField(
  path: string,
  kind: ColumnKind,
  field: CompiledField,
  row: SourceRow,
  indexOf: (column: string) => number,
): Record<string, FieldValue> {
  const indexes = field.columns.map(indexOf);
  const cells = indexes.map((i) => row.values[i] ?? '');
  const base: FieldValue =
    indexes.length === 0
      ? {}
      : {
          column: indexes.map((i) => row.columns[i] ?? '').join(' + '),
          cell: cells.join(' '),
        };
  const result = readValue(kind, field, indexes.length === 0 ? field.constant : cells, indexes.length > 0);
  const fields =
    'problem' in result
      ? { [path]: { ...base, problem: result.problem, ...(result.code ? { problemCode: result.code } : {}) } }
      : toFields(path, kind, result.value, base, field.pick, row.decimal === ',' && indexes.length > 0);
  if (field.otherwise && isEmpty(fields)) return readMappedField(path, kind, field.otherwise, row, indexOf);
  return fields;
}

/** Cells (or a constant) → match → transform (per item for lists) → prefix/suffix. */
function readValue(
  kind: ColumnKind,
  field: CompiledField,
  source: unknown,
  fromCells: boolean,
): { value: unknown } | { problem: string; code?: 'MAP_NOT_MIGRATABLE' } {
  const many = field.transform?.definition.input === 'many';
  // Several cells are joined with a space unless the transform takes them apart (join).
  let raw: unknown = fromCells && Array.isArray(source) && !many ? source.join(' ').trim() : source;
  if (field.match && typeof raw === 'string' && raw !== '') {
    const found = raw.match(field.match);
    if (!found)
      return { problem: `"${raw}" does not match ${field.match} — fix the cell or the mapping's "match"` };
    raw = found[1] ?? found[0];
  }
  const transform = field.transform;
  if (transform && (typeof raw === 'string' || many)) {
    const listed = (kind === 'id_list' || kind === 'key_list') && typeof raw === 'string';
    const items = listed ? splitList(raw as string) : [raw];
    const out: unknown[] = [];
    for (const item of items) {
      const result = transform.definition.apply(item as string | string[], transform.options);
      if (!result.ok) return { problem: result.message, ...(result.code ? { code: result.code } : {}) };
      out.push(result.value);
    }
    raw = listed ? out.filter((v) => v !== null && v !== undefined) : out[0];
  }
  if (typeof raw === 'string' && raw.trim() !== '') raw = `${field.prefix ?? ''}${raw}${field.suffix ?? ''}`;
  return { value: raw };
}

function toFields(
  path: string,
  kind: ColumnKind,
  raw: unknown,
  base: FieldValue,
  pick: 'first' | 'last' | undefined,
  decimalComma = false,
): Record<string, FieldValue> {
  if (raw === undefined || raw === null || raw === '') return { [path]: base };
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const object = raw as Record<string, unknown>;
    if (typeof object.number === 'string' && kind === 'phone') {
      const target = path.replace(/\.number$/, '');
      const fields: Record<string, FieldValue> = { [`${target}.number`]: { ...base, value: object.number } };
      if (typeof object.extension === 'string' && object.extension !== '') {
        fields[`${target}.extension`] = { ...base, value: Number(object.extension) };
      }
      return fields;
    }
    if ('first' in object || 'last' in object) {
      const text = pick ? object[pick] : [object.first, object.last].filter(Boolean).join(' ');
      return toFields(path, kind, text, base, undefined, decimalComma);
    }
    return { [path]: { ...base, value: raw } };
  }
  if (kind === 'phone' && typeof raw === 'string') {
    const target = path.replace(/\.number$/, '');
    return readPhone(target, { cell: raw, ...(base.column === undefined ? {} : { column: base.column }) });
  }
  if (typeof raw === 'string') {
    const text = raw.trim();
    return {
      [path]: text === '' ? base : { ...base, ...convert(kind, text, { names: true, decimalComma }) },
    };
  }
  if (Array.isArray(raw) && (kind === 'id_list' || kind === 'key_list')) {
    // Items a crosswalk turned into ids stay ids; text items are read as the list's kind. Items of
    // sub_accounts are legacy account numbers, whatever their type.
    const items = raw.map((item) =>
      typeof item === 'string' || kind === 'key_list'
        ? (convert(kind, String(item), { names: true }).value as unknown[])[0]
        : item,
    );
    return { [path]: { ...base, value: items.length === 0 ? undefined : items } };
  }
  return { [path]: { ...base, value: raw } };
}
