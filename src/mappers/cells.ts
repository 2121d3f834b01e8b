import ipaddr from 'ipaddr.js';
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
}

const INTEGER = /^[+-]?\d+(?:\.0+)?$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** Reads one cell into a field of the given kind. */
export function readCell(kind: ColumnKind, ref: CellRef, options: CellOptions): FieldValue {
  // Built by assignment, not spreads: this runs for every cell of every row. Keys keep their order
  // (cell, column, label, then value or problem).
  const field: FieldValue = { cell: ref.cell };
  if (ref.column !== undefined) field.column = ref.column;
  if (ref.label !== undefined) field.label = ref.label;
  const text = ref.cell.trim();
  if (text === '') return field;
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
  switch (kind) {
    case 'key':
    case 'text':
    case 'phone':
      return { value: text };
    case 'integer':
      return { value: INTEGER.test(text) ? Number(text) : text };
    case 'number':
      return { value: readNumber(text) };
    case 'boolean':
      return fromResult(parseBoolean(text));
    case 'date':
      if (options.excelDates && /^\d{5}(?:\.\d+)?$/.test(text))
        return fromResult(parseDate(text, { format: 'excel' }));
      if (options.monthFirstDates && text.includes('/'))
        return fromResult(parseDate(text, { format: 'M/D/YYYY' }));
      return fromResult(parseDate(text, { format: 'YYYY-MM-DD' }));
    case 'enum':
      return { value: text.toLowerCase() };
    case 'id':
      return { value: readId(text, options) };
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
  const number = readCell('text', numberRef, { names: false });
  const extension = extensionRef ? readCell('integer', extensionRef, { names: false }) : undefined;
  if (extension) fields[`${path}.extension`] = extension;
  if (typeof number.value !== 'string') {
    fields[`${path}.number`] = number;
    return fields;
  }
  const parsed = parsePhone(number.value);
  if (parsed.ok && parsed.value) {
    fields[`${path}.number`] = { ...number, value: parsed.value.number };
    if (parsed.value.extension !== null && extension?.value === undefined) {
      fields[`${path}.extension`] = { ...number, value: Number(parsed.value.extension) };
    }
  } else if (/^\d{1,15}$/.test(number.value)) {
    fields[`${path}.number`] = number;
  } else if (!parsed.ok) {
    fields[`${path}.number`] = { ...number, problem: parsed.message };
  }
  return fields;
}

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
