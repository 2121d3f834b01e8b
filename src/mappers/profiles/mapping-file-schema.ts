import { z } from 'zod';
import { lookupByField } from '../../sonar/schemas/lookups.js';
import type { MappedStep } from '../build-record.js';
import { mappedSteps } from '../entities.js';
import { type ColumnKind, templateLayout } from '../template-layouts.js';

// The shape of a mapping file (docs/mapping-files.md). Strict: an unknown key is a ConfigError
// naming its path. A field is a column name (shorthand), or an object with exactly one source —
// `column`, `columns` or `value` — and optionally a `transform` whose options sit beside it.

/** Keys of a field spec that are ours; every other key is an option of its transform. */
export const fieldSpecKeys = [
  'column',
  'columns',
  'value',
  'transform',
  'crosswalk',
  'pick',
  'match',
  'prefix',
  'suffix',
  'else',
  'on_invalid',
] as const;

const constant = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

/** A field spec as written: a column name, or an object (see docs/mapping-files.md). */
export type FieldSpec =
  | string
  | {
      column?: string;
      columns?: string[];
      value?: string | number | boolean | Array<string | number>;
      transform?: string;
      crosswalk?: string;
      pick?: 'first' | 'last';
      match?: string;
      prefix?: string;
      suffix?: string;
      else?: FieldSpec;
      on_invalid?: 'reject' | 'drop';
      [option: string]: unknown;
    };

/** One payload field: where its value comes from and how it is transformed. */
export const fieldSpecSchema: z.ZodType<FieldSpec> = z.lazy(() =>
  z.union([
    z.string().min(1, { message: 'must name a column' }),
    z.looseObject({
      column: z.string().min(1, { message: 'must name a column' }).optional(),
      columns: z.array(z.string().min(1)).min(1, { message: 'must name at least one column' }).optional(),
      value: constant.optional(),
      transform: z.string().min(1).optional(),
      crosswalk: z.string().min(1).optional(),
      pick: z.enum(['first', 'last']).optional(),
      match: z.string().refine(isRegExp, { message: 'is not a regular expression' }).optional(),
      prefix: z.string().optional(),
      suffix: z.string().optional(),
      else: fieldSpecSchema.optional(),
      /** `drop`: a value Sonar would refuse is left out (reported MAP_FIELD_DROPPED), the record kept. */
      on_invalid: z.enum(['reject', 'drop']).optional(),
    }),
  ]),
);

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A condition on a row: the column is not blank, or (with `is`) holds one of the values (any case). */
export const whenSchema = z.strictObject({
  column: z.string().min(1),
  /** Read the cell through this crosswalk (a lookup's column) first; a key it lacks reads blank. */
  crosswalk: z.string().min(1).optional(),
  is: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  /** Holds when the cell (through `crosswalk`) equals this column's cell, any case. */
  same_as: z.string().min(1).optional(),
  /** Turns the condition around: the row is read when it does NOT hold. */
  not: z.boolean().optional(),
});

/** A condition on a row. */
export type When = z.infer<typeof whenSchema>;

/** One condition, or a list of them that must all hold (`[{ column: type, is: X }, { … }]`). */
export const conditionsSchema = z.union([whenSchema, z.array(whenSchema).min(1)]);

/** One condition or several that must all hold. */
export type Conditions = z.infer<typeof conditionsSchema>;

/** The conditions as a list. */
export function conditionList(conditions: Conditions | undefined): When[] {
  if (conditions === undefined) return [];
  return Array.isArray(conditions) ? conditions : [conditions];
}

/** One record made from each row (an input may make several from one row, e.g. services). */
export const recordMappingSchema = z.strictObject({
  when: conditionsSchema.optional(),
  explode: z.string().min(1).optional(),
  legacy_key: fieldSpecSchema.optional(),
  fields: z.record(z.string(), fieldSpecSchema),
});

const formKeys = {
  header: z.enum(['required', 'none']).default('required'),
  account_key: fieldSpecSchema.optional(),
  legacy_key: fieldSpecSchema.optional(),
  when: conditionsSchema.optional(),
  /** The `token` field's cells hold a processor token (even a bare number) when this holds. */
  tokenized: whenSchema.optional(),
  explode: z.string().min(1).optional(),
  /** JSON files: the records are the items of every list of this name (json-reader.ts). */
  records_in: z.string().min(1).optional(),
  fields: z.record(z.string(), fieldSpecSchema).optional(),
  records: z.array(recordMappingSchema).min(1).optional(),
};

const oneOfFieldsOrRecords = {
  message: 'needs exactly one of "fields" (one record per row) or "records" (several)',
};

/** How one form of an input's files is read (the table export, or the `json` API answers). */
export const formMappingSchema = z
  .strictObject(formKeys)
  .refine((m) => (m.fields === undefined) !== (m.records === undefined), oneOfFieldsOrRecords);

/** One form of an input, as parsed. */
export type FormMapping = z.output<typeof formMappingSchema>;

/**
 * The mapping of one input: `fields` for one record per row, or `records` for several; `json`,
 * when the system's API answers (a `.json` file) name things otherwise than its table export.
 */
export const inputMappingSchema = z
  .strictObject({ ...formKeys, json: formMappingSchema.optional() })
  .refine((m) => (m.fields === undefined) !== (m.records === undefined), oneOfFieldsOrRecords);

/** The mapping of one input, as parsed. */
export type InputMapping = z.output<typeof inputMappingSchema>;

/** A whole mapping file. */
export const mappingFileSchema = z.strictObject({
  description: z.string().optional(),
  crosswalks: z
    .record(z.string().min(1), z.record(z.string(), z.union([z.string(), z.number()])))
    .default({}),
  /** Files joined by key (the migration file's `lookups` supplies them): docs/mapping-files.md. */
  lookups: z
    .record(
      z.string().regex(/^[A-Za-z_][\w-]*$/, { message: 'must be a name of letters, digits, _ and -' }),
      z.strictObject({
        key: z.string().min(1),
        columns: z.array(z.string().min(1)).min(1),
        /** Rows not read (Freeside cust_main_invoice dest "POST": paper, not an email). */
        skip: z.strictObject({ column: z.string().min(1), is: z.array(z.string()).min(1) }).optional(),
        /** Columns made by joining several of the file's, with a space (WHMCS `name`: firstname lastname). */
        join: z.record(z.string().min(1), z.array(z.string().min(1)).min(2)).optional(),
      }),
    )
    .default({}),
  inputs: z.strictObject(
    Object.fromEntries(mappedSteps.map((step) => [step, inputMappingSchema.optional()])) as Record<
      MappedStep,
      z.ZodOptional<typeof inputMappingSchema>
    >,
  ),
});

/** A mapping file, as parsed. */
export type MappingFile = z.output<typeof mappingFileSchema>;

/** The payload fields a mapping file may fill for an input, with the kind each value is read as. */
export function mappableFields(step: MappedStep): Map<string, ColumnKind> {
  const fields = new Map<string, ColumnKind>();
  for (const column of templateLayout(step).columns) {
    if (column.path !== 'account_number') fields.set(column.path, column.kind);
  }
  if (step === 'did_inventory') fields.set('did', 'did');
  for (const type of ['work', 'home', 'mobile', 'fax']) {
    if (fields.has(`phone_numbers.${type}.number`)) fields.set(`phone_numbers.${type}`, 'phone');
  }
  return fields;
}

/** True when a field holds Sonar ids (a crosswalk may give names there, resolved at plan/load). */
export function takesSonarIds(path: string): boolean {
  return lookupByField[path] !== undefined;
}
