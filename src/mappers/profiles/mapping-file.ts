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
import { type FieldSpec, mappableFields, mappingFileSchema } from './mapping-file-schema.js';

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
    for (const column of lookup.columns) joined[`${name}.${column}`] ??= {};
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
