import { readFile } from 'node:fs/promises';
import { parseConfigText } from '../../config/config-file.js';
import { inputNames } from '../../config/config-schema.js';
import { ConfigError } from '../../errors/index.js';
import type { MappedStep } from '../build-record.js';
import { mappedSteps } from '../entities.js';
import { templateLayout } from '../template-layouts.js';
import {
  type BuiltinMappingProfile,
  builtinMappingProfileName,
  builtinMappingProfilePath,
  builtinMappingProfiles,
  listBuiltinProfiles,
} from './builtin-files.js';
import {
  type Conditions,
  conditionList,
  type FieldSpec,
  type FormMapping,
  mappingFileSchema,
} from './mapping-file-schema.js';
import { sonarImporterProfile } from './sonar-importer.js';
import { importerLayouts } from './sonar-importer-layouts.js';
import { templatesProfile } from './templates.js';

/** A column a profile reads and the payload fields it fills. */
export interface OutlineColumn {
  /** The header name, or the letter of a file without a header (positional layouts: both). */
  column: string;
  fills: string[];
  /** The templates profile: the cell must be filled. */
  required?: boolean;
}

/** One input of a profile: the file it expects, in which form, and the columns it reads. */
export interface OutlineInput {
  input: MappedStep;
  /** The file name the migration file's skeleton uses for it (the first, when it takes several). */
  file: string;
  /** Every file the skeleton names for it: several JSON lists read as one (Splynx services). */
  files: string[];
  /** How the profile finds its columns: by header name, by letter, or by position. */
  form: string;
  columns: OutlineColumn[];
}

/** A file a profile joins its inputs' rows against, by a key column. */
export interface OutlineLookup {
  name: string;
  /** The file name the migration file's skeleton uses for it. */
  file: string;
  key: string;
  columns: string[];
}

/** What `sonar-migrate profiles show NAME` prints, derived from the profile's own definition. */
export interface ProfileOutline {
  name: string;
  description: string;
  /** Where the definition lives (a shipped mapping file), when it is a file. */
  definedIn?: string;
  inputs: OutlineInput[];
  /** The crosswalks the migration file must supply. */
  crosswalks: string[];
  /** The files the profile joins rows against (the migration file's `lookups`). */
  lookups: OutlineLookup[];
  /** A migration.json to start from: valid as it is, its crosswalks left empty to fill. */
  skeleton: Record<string, unknown>;
}

/** The mapped steps in the order a migration file lists its inputs (the load order). */
const inputOrder: MappedStep[] = [...mappedSteps].sort(
  (a, b) => inputNames.indexOf(a) - inputNames.indexOf(b),
);

const letter = (index: number): string =>
  index < 26 ? String.fromCharCode(65 + index) : `${letter(Math.floor(index / 26) - 1)}${letter(index % 26)}`;

/**
 * The outline of a built-in profile by name; an unknown name is a ConfigError listing the known
 * ones. Mapping-file profiles are read from their shipped file, the coded ones from their layouts.
 */
export async function outlineBuiltinProfile(name: string): Promise<ProfileOutline> {
  if (name === sonarImporterProfile.name) return importerOutline();
  if (name === templatesProfile.name) return templatesOutline();
  const shipped = builtinMappingProfiles.find((p) => p.name === name);
  if (shipped) return mappingFileOutline(shipped);
  const known = listBuiltinProfiles().map((p) => p.name);
  throw new ConfigError(
    'CONFIG_INVALID',
    `"${name}" is not a built-in profile (${known.join(', ')}) — run sonar-migrate profiles show with one of these.`,
  );
}

function importerOutline(): ProfileOutline {
  const inputs = inputOrder.map((input) => ({
    input,
    file: `${input}.csv`,
    files: [`${input}.csv`],
    form: "CSV or XLSX in Sonar's importer layout: columns by position, header row optional (detected by its names)",
    columns: importerLayouts[input].map((c, index) => ({
      column: `${letter(index)} ${c.header}`,
      fills: [c.path],
    })),
  }));
  return codedOutline(sonarImporterProfile.name, sonarImporterProfile.description, inputs);
}

function templatesOutline(): ProfileOutline {
  const inputs = inputOrder.map((input) => ({
    input,
    file: `${input}.csv`,
    files: [`${input}.csv`],
    form: 'CSV or XLSX with a header row: columns by name, in any order; "_" columns ignored (sonar-migrate templates writes them)',
    columns: templateLayout(input).columns.map((c) => ({
      column: c.header,
      fills: [c.path],
      ...(c.required ? { required: true } : {}),
    })),
  }));
  return codedOutline(templatesProfile.name, templatesProfile.description, inputs);
}

function codedOutline(name: string, description: string, inputs: OutlineInput[]): ProfileOutline {
  return {
    name,
    description,
    inputs,
    crosswalks: [],
    lookups: [],
    skeleton: skeletonOf(name, inputs, [], []),
  };
}

async function mappingFileOutline(shipped: BuiltinMappingProfile): Promise<ProfileOutline> {
  const displayName = builtinMappingProfileName(shipped.name);
  const text = await readFile(builtinMappingProfilePath(shipped.name), 'utf8');
  const parsed = mappingFileSchema.safeParse(parseConfigText(text, displayName, false).data);
  // A shipped file that does not parse is our bug, caught by the profiles' own tests.
  if (!parsed.success) throw new Error(`${displayName} does not parse: ${parsed.error.message}`);
  const own = new Set(Object.keys(parsed.data.crosswalks));
  const lookupNames = new Set(Object.keys(parsed.data.lookups));
  const crosswalks = new Set<string>();
  const inputs: OutlineInput[] = [];
  for (const input of inputOrder) {
    const mapping = parsed.data.inputs[input];
    if (!mapping) continue;
    const files = fileNames(shipped.inputs[input] ?? `${input}.csv`);
    const read = columnsOf(mapping, crosswalks);
    inputs.push({
      input,
      file: files[0] ?? `${input}.csv`,
      files,
      form: formOf(mapping, files),
      // Without a header the columns are letters: listed in the file's order, A first.
      columns: mapping.header === 'none' ? read.sort((a, b) => byLetter(a.column, b.column)) : read,
    });
    // The same input read from the system's API answers (WHMCS GetPayMethods): listed after it.
    if (mapping.json) {
      const file = shipped.jsonInputs?.[input] ?? `${input}.json`;
      inputs.push({
        input,
        file,
        files: [file],
        form: formOf(mapping.json, [file]),
        columns: columnsOf(mapping.json, crosswalks),
      });
    }
  }
  // `lookup.column` read through a crosswalk is a lookup's column, not a table to supply.
  const needed = [...crosswalks].filter((c) => !own.has(c) && !lookupNames.has(c.split('.')[0] ?? c));
  const lookups = Object.entries(parsed.data.lookups).map(([name, lookup]) => ({
    name,
    file: shipped.lookups?.[name] ?? `${name}.csv`,
    key: lookup.key,
    columns: [
      ...new Set([
        lookup.key,
        ...lookup.columns,
        ...Object.values(lookup.join ?? {}).flat(),
        ...(lookup.skip ? [lookup.skip.column] : []),
      ]),
    ],
  }));
  return {
    name: shipped.name,
    description: shipped.description,
    definedIn: displayName,
    inputs,
    crosswalks: needed,
    lookups,
    skeleton: skeletonOf(shipped.name, inputs, needed, lookups),
  };
}

/** The columns an input's mapping reads, in order of first use, with the fields each fills. */
function columnsOf(mapping: FormMapping, crosswalks: Set<string>): OutlineColumn[] {
  const byColumn = new Map<string, Set<string>>();
  const use = (column: string, fill: string) => {
    const fills = byColumn.get(column) ?? new Set<string>();
    fills.add(fill);
    byColumn.set(column, fills);
  };
  const visit = (spec: FieldSpec | undefined, fill: string) => {
    if (spec === undefined) return;
    if (typeof spec === 'string') return use(spec, fill);
    if (spec.column !== undefined) use(spec.column, fill);
    for (const column of spec.columns ?? []) use(column, fill);
    if (spec.crosswalk !== undefined) crosswalks.add(spec.crosswalk);
    visit(spec.else, fill);
  };
  visit(mapping.account_key, '(account key)');
  visit(mapping.legacy_key, '(legacy key)');
  const filter = (conditions: Conditions | undefined) => {
    for (const when of conditionList(conditions)) {
      use(when.column, '(row filter)');
      if (when.same_as !== undefined) use(when.same_as, '(row filter)');
      if (when.crosswalk !== undefined) crosswalks.add(when.crosswalk);
    }
  };
  filter(mapping.when);
  filter(mapping.tokenized);
  if (mapping.explode) use(mapping.explode, '(one record per item)');
  const records = mapping.records ?? [{ fields: mapping.fields ?? {} }];
  for (const record of records) {
    if ('when' in record) filter(record.when);
    if ('explode' in record && record.explode) use(record.explode, '(one record per item)');
    if ('legacy_key' in record) visit(record.legacy_key, '(legacy key)');
    for (const [field, spec] of Object.entries(record.fields)) visit(spec, field);
  }
  return [...byColumn].map(([column, fills]) => ({ column, fills: [...fills] }));
}

function formOf(mapping: FormMapping, files: string[]): string {
  if (mapping.header === 'none') return 'CSV or XLSX with NO header row: columns by letter (A = first)';
  if (mapping.records_in !== undefined)
    return `JSON: the API's answers saved unchanged, one or several (each item of their "${mapping.records_in}" lists, with its answer's fields)`;
  if (files.every((f) => f.endsWith('.json')))
    return "JSON: the API's answer saved unchanged (fields by name, extra fields ignored)";
  return 'CSV or XLSX with a header row: columns by name (any order, extra columns ignored)';
}

function byLetter(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/** "a.json + b.json" → both names; "cust_pkg.csv (no header)" → "cust_pkg.csv". */
function fileNames(described: string): string[] {
  return described.split(' + ').map((part) => part.split(' ')[0] ?? part);
}

function skeletonOf(
  name: string,
  inputs: OutlineInput[],
  crosswalks: string[],
  lookups: OutlineLookup[],
): Record<string, unknown> {
  return {
    profile: name,
    // An input listed twice (its table export, then its API answers) starts from the first.
    inputs: Object.fromEntries(
      inputs
        .filter((i, n) => inputs.findIndex((j) => j.input === i.input) === n)
        .map((i) => [i.input, i.files.length === 1 ? i.file : i.files]),
    ),
    ...(crosswalks.length > 0 ? { crosswalks: Object.fromEntries(crosswalks.map((c) => [c, {}])) } : {}),
    ...(lookups.length > 0 ? { lookups: Object.fromEntries(lookups.map((l) => [l.name, l.file])) } : {}),
    state: 'state.db',
    reports: 'reports',
  };
}
