import ipaddr from 'ipaddr.js';
import { type PropertySetter, setterOf } from '../ground/property-setters.js';
import type { FieldValue } from './fields.js';
import { sonarName } from './fields.js';
import type { ColumnKind } from './template-layouts.js';
import {
  parseBoolean,
  parseCardBrand,
  parseCountry,
  parseDate,
  parseDid,
  parseMoney,
  parsePhone,
  parseUsState,
} from './transforms/index.js';

// Reading one cell into a payload value, by the kind of its column (template-layouts.ts). Shared by
// the built-in profiles and by mapping files (after their transforms). Lenient where the meaning is
// unambiguous — cells are trimmed, "$24.99" is 24.99, "(608) 555-0142 x12" is a number and an
// extension, a bare IP is a /32 (or /128), "VISA card" is visa, "Wisconsin" and "WI" are the state
// Sonar lists — and strict otherwise: a value that cannot be read is kept as written so the schema
// names the problem, or becomes a `problem` with the transform's message.

/** A cell and where it is. */
export interface CellRef {
  cell: string;
  column?: string;
  label?: string;
}

/** How lenient a profile is with Sonar ids. */
export interface CellOptions {
  /** Accept a Sonar name where an id goes (resolved at plan/load time); else keep it for the schema to refuse. */
  names: boolean;
  /** Also accept Excel serial day numbers (e.g. 45658) in date columns. */
  excelDates?: boolean;
  /** Also accept dates with slashes, month first (1/13/2027), as US Excel shows them. */
  monthFirstDates?: boolean;
  /** Numbers are written with a decimal comma (-87,988): the input's `decimal: ","`. */
  decimalComma?: boolean;
}

const INTEGER = /^[+-]?\d+(?:\.0+)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** Reads one cell into a field of the given kind. */
export function readCell(kind: ColumnKind, ref: CellRef, options: CellOptions): FieldValue {
  return readCellAt(kind, ref.cell, ref.column, ref.label, options);
}

/** `readCell` without a CellRef: the cell and where it is as arguments (the per-row path of readRow). */
export function readCellAt(
  kind: ColumnKind,
  cell: string,
  column: string | undefined,
  label: string | undefined,
  options: CellOptions,
): FieldValue {
  // Built by assignment, not spreads: this runs for every cell of every row. Keys keep their order
  // (cell, column, label, then value or problem).
  const field: FieldValue = { cell };
  if (column !== undefined) field.column = column;
  if (label !== undefined) field.label = label;
  const text = cell.trim();
  if (text === '') return field;
  // The common kinds are set directly, without convert's result object.
  if (isPlainKind(kind) && !(options.decimalComma && isNumberKind(kind))) {
    field.value = plainValue(kind, text, options);
    return field;
  }
  const converted = convert(kind, text, options);
  if ('value' in converted) field.value = converted.value;
  if ('problem' in converted) field.problem = converted.problem;
  return field;
}

/** The value (or problem) of a non-blank, trimmed cell. */
export function convert(
  kind: ColumnKind,
  text: string,
  options: CellOptions,
): Pick<FieldValue, 'value' | 'problem'> {
  if (options.decimalComma && isNumberKind(kind)) return fromResult(readDecimalComma(kind, text));
  if (isPlainKind(kind)) return { value: plainValue(kind, text, options) };
  switch (kind) {
    case 'boolean':
      return fromResult(parseBoolean(text));
    case 'date':
      if (options.excelDates && /^\d{5}(?:\.\d+)?$/.test(text))
        return fromResult(parseDate(text, { format: 'excel' }));
      if (options.monthFirstDates && text.includes('/'))
        return fromResult(parseDate(text, { format: 'M/D/YYYY' }));
      return fromResult(parseDate(text, { format: 'YYYY-MM-DD' }));
    case 'id_list':
      return { value: splitList(text).map((item) => readId(item, options)) };
    case 'key_list':
      return { value: splitList(text).map((item) => sonarName(item)) };
    case 'did':
      return fromResult(parseDid(text));
    case 'subnet':
      return { value: readSubnet(text) };
    case 'country':
      return fromResult(parseCountry(text));
    case 'card_type':
      return fromResult(parseCardBrand(text));
  }
}

/** The kinds that convert without a parser and never have a problem. */
type PlainKind = 'key' | 'text' | 'phone' | 'integer' | 'number' | 'enum' | 'id';

const PLAIN_KINDS: ReadonlySet<ColumnKind> = new Set<PlainKind>([
  'key',
  'text',
  'phone',
  'integer',
  'number',
  'enum',
  'id',
]);

function isPlainKind(kind: ColumnKind): kind is PlainKind {
  return PLAIN_KINDS.has(kind);
}

/** The value of a non-blank, trimmed cell of a plain kind. */
function plainValue(kind: PlainKind, text: string, options: CellOptions): unknown {
  switch (kind) {
    case 'key':
    case 'text':
    case 'phone':
      return text;
    case 'integer':
      return INTEGER.test(text) ? Number(text) : text;
    case 'number':
      return readNumber(text);
    case 'enum':
      return text.toLowerCase();
    case 'id':
      return readId(text, options);
  }
}

function isNumberKind(kind: ColumnKind): kind is 'integer' | 'number' {
  return kind === 'integer' || kind === 'number';
}

const COMMA_NUMBER = /^([+-]?)(\d*),?(\d*)$/;

/**
 * Reads a number written with a decimal comma (`-87,988` → -87.988). A "." or a space in it may
 * group thousands ("1.234" is 1234 in such an export) or be a stray decimal point (1.234): the
 * value would be a guess either way, so the cell is refused and says how to write it. Anything
 * else that is not a number stays text for the schema to refuse, as with a decimal point.
 */
function readDecimalComma(
  kind: 'integer' | 'number',
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (/[.\s]/.test(text) && /\d[.\s]\d/.test(text)) {
    return {
      ok: false,
      message: `"${text}" is ambiguous with decimal "," — its "." or space may group thousands or mark decimals; write it without grouping, with a comma for decimals (e.g. 1234,5)`,
    };
  }
  const m = COMMA_NUMBER.exec(text);
  if (!m || `${m[2]}${m[3]}` === '') {
    // "€12,50", "(3,00)": an amount, read with the comma as its decimal mark.
    const money = kind === 'number' ? parseMoney(text, { decimalComma: true }) : undefined;
    return { ok: true, value: money?.ok && money.value !== null ? money.value : text };
  }
  const value = Number(`${m[1]}${m[2] || '0'}.${m[3] || '0'}`);
  if (kind === 'integer' && !Number.isInteger(value)) return { ok: true, value: text };
  return { ok: true, value };
}

function fromResult(result: { ok: true; value: unknown } | { ok: false; message: string }) {
  return result.ok ? { value: result.value ?? undefined } : { problem: result.message };
}

function readNumber(text: string): unknown {
  if (DECIMAL.test(text)) return Number(text);
  // "$1,234.50" and "(12.00)" are amounts; anything else stays text for the schema to refuse.
  if (/[$,()]/.test(text)) {
    const money = parseMoney(text);
    if (money.ok && money.value !== null) return money.value;
  }
  return text;
}

function readId(text: string, options: CellOptions): unknown {
  if (INTEGER.test(text)) return Number(text);
  return options.names ? sonarName(text) : text;
}

/** Splits a comma- (or semicolon-) separated list, trimming and dropping blank items. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A bare IP address gets its host prefix (/32 or /128); anything else is kept as written. */
function readSubnet(text: string): string {
  if (text.includes('/') || !ipaddr.isValid(text)) return text;
  const address = ipaddr.parse(text);
  return `${address.toString()}/${address.kind() === 'ipv4' ? 32 : 128}`;
}

/**
 * Reads a phone number cell and its extension cell into the two fields of a contact phone:
 * `<path>.number` (10 digits; other digit strings up to 15 pass for non-NANP numbers) and
 * `<path>.extension` (from its own cell, else from an "x123" on the number).
 */
export function readPhone(
  path: string,
  numberRef: CellRef,
  extensionRef?: CellRef,
): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  readPhoneInto(fields, phonePaths(path), numberRef, extensionRef);
  return fields;
}

/** The two field paths of a phone: `<path>.number` and `<path>.extension`. */
export interface PhonePaths {
  number: string;
  extension: string;
  /** Named setters of the two paths (property-setters.ts): a wide row stays a fast object. */
  setNumber: PropertySetter;
  setExtension: PropertySetter;
}

/** The field paths of the phone at `path` (a layout works them out once, not per row). */
export function phonePaths(path: string): PhonePaths {
  const number = `${path}.number`;
  const extension = `${path}.extension`;
  return { number, extension, setNumber: setterOf(number), setExtension: setterOf(extension) };
}

/** `readPhone` writing its fields straight into `fields` (no object per phone column per row). */
export function readPhoneInto(
  fields: Record<string, FieldValue>,
  paths: PhonePaths,
  numberRef: CellRef,
  extensionRef?: CellRef,
): void {
  const number = readCell('text', numberRef, NO_NAMES);
  const extension = extensionRef ? readCell('integer', extensionRef, NO_NAMES) : undefined;
  if (extension) paths.setExtension(fields, extension);
  if (typeof number.value !== 'string') {
    paths.setNumber(fields, number);
    return;
  }
  const parsed = parsePhone(number.value);
  if (parsed.ok && parsed.value) {
    paths.setNumber(fields, { ...number, value: parsed.value.number });
    if (parsed.value.extension !== null && extension?.value === undefined) {
      paths.setExtension(fields, { ...number, value: Number(parsed.value.extension) });
    }
  } else if (DIGITS_15.test(number.value)) {
    paths.setNumber(fields, number);
  } else if (!parsed.ok) {
    paths.setNumber(fields, { ...number, problem: parsed.message });
  }
}

const NO_NAMES: CellOptions = { names: false };
const DIGITS_15 = /^\d{1,15}$/;

/**
 * For a US address, reads the state as a name or USPS code into the name Sonar lists; a value that
 * is neither is a problem. Other countries' subdivisions are kept as written.
 */
export function normalizeUsState(fields: Record<string, FieldValue | undefined>, statePath = 'state'): void {
  const state = fields[statePath];
  if (fields.country?.value !== 'US' || typeof state?.value !== 'string') return;
  const parsed = parseUsState(state.value);
  fields[statePath] = parsed.ok
    ? { ...state, value: parsed.value ?? undefined }
    : { ...state, problem: parsed.message };
}
