import type { z } from 'zod';
import { fieldDescription, payloadSchemas } from '../sonar/schemas/index.js';
import { lookupByField } from '../sonar/schemas/lookups.js';
import type { MappedStep } from './build-record.js';
import { mappedSteps } from './entities.js';

// Our own header-named layouts, one per input, DERIVED from the payload schemas: the single source
// of the `templates` profile, the `templates` command (CSV + XLSX) and the value kinds a mapping
// file's fields are converted to. A header is the payload field's path (`phone_numbers.work.number`),
// so templates and mapping files speak one vocabulary; `account_number` is the legacy account key.

/** How a template cell is read. */
export type ColumnKind =
  | 'key' // the legacy account number
  | 'text'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'date'
  | 'enum'
  | 'id' // a Sonar id, or the exact Sonar name (resolved at plan/load)
  | 'id_list' // comma-separated Sonar ids (or names)
  | 'key_list' // comma-separated legacy account numbers (sub-accounts)
  | 'phone'
  | 'did'
  | 'subnet'
  | 'country'
  | 'card_type';

/** One column of a template layout. */
export interface TemplateColumn {
  header: string;
  /** The payload path the column fills (`account_number` fills the record's key, not the payload). */
  path: string;
  kind: ColumnKind;
  /** Must the cell be filled (after the documented defaults)? */
  required: boolean;
  /** What the column takes, from the schema's `.describe()` plus our defaults. */
  description: string;
  /** The allowed values of an enumeration or boolean (for drop-down lists). */
  values?: readonly string[];
}

/** A template layout: the columns of one input. */
export interface TemplateLayout {
  input: MappedStep;
  columns: TemplateColumn[];
}

/** What a blank cell becomes, for the fields the mappers default (the template rules). */
const blankMeans: Partial<Record<MappedStep, Record<string, string>>> = {
  accounts: {
    contact_name: 'blank: the account name',
    role: 'blank: "Primary Contact"',
    email_message_categories: 'blank: none',
    county:
      "blank: for a US address, filled at load from Sonar's validate_address (the row fails if Sonar finds none); none elsewhere",
    latitude: 'blank with longitude: geocoded by Sonar at load time',
    longitude: 'blank with latitude: geocoded by Sonar at load time',
  },
  addresses: {
    county:
      "blank: for a US address, filled at load from Sonar's validate_address (the row fails if Sonar finds none); none elsewhere",
    latitude: 'blank with longitude: geocoded by Sonar at load time',
    longitude: 'blank with latitude: geocoded by Sonar at load time',
  },
  contacts: { email_message_categories: 'blank: none', primary: 'blank: false' },
  services: { quantity: 'blank: 1' },
  ip_assignments: { assigned_entity: 'blank: accounts' },
};

const accountNumber = (input: MappedStep): TemplateColumn => ({
  header: 'account_number',
  path: 'account_number',
  kind: 'key',
  required: true,
  description:
    input === 'accounts'
      ? 'The legacy account number: this account’s key, unique in the file (sub_accounts and every other input refer to it).'
      : 'The legacy account number of the account this row belongs to (as in the accounts input).',
});

/** Where a column means something more specific than the payload field's description. */
const ownDescriptions: Record<string, string> = {
  'accounts.sub_accounts':
    'Comma-separated legacy account numbers of the child accounts, e.g. 1001,1002 (each in the accounts input).',
  'did_inventory.dids':
    'One 10-digit DID per row, e.g. 7155551234 (+1, dashes, dots and parentheses accepted).',
};

const phoneTypes = ['work', 'home', 'mobile', 'fax'] as const;

/** Strips optional/nullable/default wrappers (and a preprocess step). */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean; nullable: boolean } {
  let inner = schema;
  let optional = false;
  let nullable = false;
  for (;;) {
    const def = inner.def as { type: string; innerType?: z.ZodType; out?: z.ZodType };
    // A preprocessed field (the card's expiration month, read as "07" too) is its output type.
    if (def.type === 'pipe' && def.out) {
      inner = def.out;
      continue;
    }
    if (def.type === 'optional' || def.type === 'default') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else break;
    inner = def.innerType as z.ZodType;
  }
  return { inner, optional, nullable };
}

/** The kind of a field, from its schema (probing parses where the type alone does not tell). */
function kindOf(path: string, schema: z.ZodType): ColumnKind | undefined {
  const type = (schema.def as { type: string }).type;
  if (path === 'country') return 'country';
  if (path === 'card_type') return 'card_type';
  if (path === 'subnet') return 'subnet';
  if (path === 'did' || path === 'dids') return 'did';
  if (path === 'sub_accounts') return 'key_list';
  if (type === 'array') {
    const element = (schema.def as unknown as { element: z.ZodType }).element;
    return (element.def as { type: string }).type === 'number' ? 'id_list' : undefined;
  }
  if (lookupByField[path] !== undefined) return 'id';
  if (type === 'boolean') return 'boolean';
  if (type === 'enum') return 'enum';
  if (type === 'number') return schema.safeParse(2.5).success ? 'number' : 'integer';
  if (type === 'string') return /YYYY-MM-DD/.test(fieldDescription(schema) ?? '') ? 'date' : 'text';
  if (type === 'union') return 'text';
  return undefined; // literals (the payment method type) and nested lists of objects are not columns
}

function describeColumn(kind: ColumnKind, base: string, blank: string | undefined): string {
  const how: Partial<Record<ColumnKind, string>> = {
    id: 'A Sonar id, or the exact Sonar name (resolved against the target when plan/load run).',
    id_list: 'Comma-separated Sonar ids (or exact names), e.g. 2,3.',
    boolean: 'true/false (also 1/0, yes/no, Y/N).',
    phone: 'Digits; dashes, dots, spaces, +1 and (area code) are accepted.',
    country: 'ISO code (US) or English name.',
  };
  return [base, how[kind], blank ? `${blank[0]?.toUpperCase()}${blank.slice(1)}.` : undefined]
    .filter(Boolean)
    .join(' ');
}

/** Derives the template layout of one input from its payload schema. */
export function templateLayout(input: MappedStep): TemplateLayout {
  const shape = (payloadSchemas[input] as unknown as { shape: Record<string, z.ZodType> }).shape;
  const columns: TemplateColumn[] = input === 'did_inventory' ? [] : [accountNumber(input)];
  const blanks = blankMeans[input] ?? {};
  for (const [path, fieldSchema] of Object.entries(shape)) {
    const { inner, optional, nullable } = unwrap(fieldSchema);
    const base = ownDescriptions[`${input}.${path}`] ?? fieldDescription(fieldSchema) ?? path;
    if (path === 'phone_numbers') {
      for (const type of phoneTypes) {
        columns.push({
          header: `phone_numbers.${type}.number`,
          path: `phone_numbers.${type}.number`,
          kind: 'phone',
          required: false,
          description: describeColumn('phone', `The ${type} phone number.`, undefined),
        });
        columns.push({
          header: `phone_numbers.${type}.extension`,
          path: `phone_numbers.${type}.extension`,
          kind: 'integer',
          required: false,
          description: `The extension of the ${type} phone number, a whole number.`,
        });
      }
      continue;
    }
    const kind = kindOf(path, inner);
    if (kind === undefined) continue;
    const blank = blanks[path];
    const values =
      (inner.def as { type: string }).type === 'enum'
        ? ((inner as unknown as { options: string[] }).options as readonly string[])
        : kind === 'boolean'
          ? (['true', 'false'] as const)
          : undefined;
    columns.push({
      header: path === 'dids' ? 'did' : path,
      path,
      kind,
      required: !optional && !nullable && blank === undefined,
      description: describeColumn(kind, base, blank),
      ...(values === undefined ? {} : { values }),
    });
  }
  return { input, columns };
}

/** The template layout of every mapped input, in load order. */
export const templateLayouts: readonly TemplateLayout[] = mappedSteps.map(templateLayout);
