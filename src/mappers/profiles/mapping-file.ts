import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseConfigText } from '../../config/config-file.js';
import { suggestClosest } from '../../config/suggest.js';
import { ConfigError } from '../../errors/index.js';
import type { InputSpec } from '../../sources/types.js';
import type { MappedStep } from '../build-record.js';
import { mappedSteps } from '../entities.js';
import type { InputMapper, Profile } from '../types.js';
import type { CompiledInput, CompiledRecord } from './compiled-input.js';
import { readLookupTables } from './lookup-tables.js';
import { mappedInput } from './mapped-input.js';
import { type Crosswalks, compileField } from './mapping-fields.js';
import {
  conditionList,
  type FieldSpec,
  type FormMapping,
  mappableFields,
  mappingFileSchema,
} from './mapping-file-schema.js';

export { bindColumns, type CompiledInput, type CompiledRecord, referencedColumns } from './compiled-input.js';

/** A profile read from a mapping file, with what it needs from each input's header. */
export interface MappingFileProfile extends Profile {
  compiled: Partial<Record<MappedStep, CompiledInput>>;
}

type Problem = { path: readonly PropertyKey[]; text: string };

/**
 * Reads and checks a mapping file (JSON, or YAML for any other extension): its shape, every field
 * name, transform, transform option and crosswalk. All problems are reported in one ConfigError
 * naming each key path and line. `crosswalks` are the configuration's: a table the file ships too
 * (UCRM's state ids) is extended by the configuration's entries, the file's own winning a clash.
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
    for (const column of [...lookup.columns, ...Object.keys(lookup.join ?? {})])
      joined[`${name}.${column}`] ??= {};
  }
  // A migration file adds to a shipped table (the Canadian ids of its own CRM) but cannot change
  // what the profile knows: its entries fill only keys the file's table lacks.
  const shipped = Object.fromEntries(
    Object.entries(parsed.data.crosswalks).map(([name, table]) => [name, { ...crosswalks[name], ...table }]),
  );
  const tables = { ...crosswalks, ...shipped, ...joined };
  const problems: Problem[] = [];
  const compiled: Partial<Record<MappedStep, CompiledInput>> = {};
  for (const step of mappedSteps) {
    const mapping = parsed.data.inputs[step];
    if (!mapping) continue;
    const { json, ...table } = mapping;
    // Each form asks for the lookups it reads: a table export read without them needs none.
    const names = Object.keys(declared);
    const input = compileForm(step, table, ['inputs', step], tables, names, problems);
    if (json) input.json = compileForm(step, json, ['inputs', step, 'json'], tables, names, problems);
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

/** True for a lookup name the mapping reads (`"<lookup>.<column>"` somewhere in it). */
function usedBy(mapping: unknown): (name: string) => boolean {
  const text = JSON.stringify(mapping ?? {});
  return (name) => text.includes(`"${name}.`);
}

/** Compiles one form of an input (its table export, or its `json` form); problems are added to `problems`. */
function compileForm(
  step: MappedStep,
  mapping: FormMapping,
  at: string[],
  tables: Crosswalks,
  lookupNames: string[],
  problems: Problem[],
): CompiledInput {
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
    ...(mapping.records_in ? { recordsIn: mapping.records_in } : {}),
    lookups: lookupNames.filter(usedBy(mapping)),
  };
  if (mapping.account_key) {
    const accountKey = compile(mapping.account_key, ['account_key']);
    if (accountKey) input.accountKey = accountKey;
  } else if (step !== 'did_inventory') {
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
      // The record's own conditions, then the input's (every record of a list must meet those too).
      when: [...conditionList(record.when), ...(mapping.records ? conditionList(mapping.when) : [])],
      ...(record.explode ? { explode: record.explode } : {}),
    };
    for (const [when, name] of [
      ...conditionList(record.when).map((w) => [w, 'when'] as const),
      ...conditionList(mapping.when).map((w) => [w, 'when'] as const),
      [mapping.tokenized, 'tokenized'] as const,
    ]) {
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
  return input;
}
