import { inputSpecOf, type MigrationConfig } from '../../config/config.js';
import { ConfigError, SourceError } from '../../errors/index.js';
import { readRawRows } from '../../sources/read-raw-rows.js';
import type { MappedStep } from '../build-record.js';
import {
  type BuiltinMappingProfile,
  builtinMappingProfileName,
  builtinMappingProfilePath,
  builtinMappingProfiles,
} from './builtin-files.js';
import { bindColumns, loadMappingFile } from './mapping-file.js';

// A system with several export forms has a profile per form (Splynx's API lists and its import
// layout). A header the chosen profile cannot read may be a sibling's form: the start-up error
// then names the profile to use instead of only listing the missing columns.

/** The header one input's file opens with, as bindColumns reads it. */
export interface InputHeader {
  file: string;
  sheet?: string;
  columns: string[];
}

/**
 * The sentence naming the sibling profile whose mapping of `step` reads every column of this
 * header ("customers.csv: this header is Splynx's import layout, not …: use "profile":
 * "splynx-import" …"), or undefined when no sibling reads it either.
 */
export async function findVariantHint(
  chosen: BuiltinMappingProfile,
  step: MappedStep,
  header: InputHeader,
): Promise<string | undefined> {
  const family = chosen.variant?.family;
  if (!family) return undefined;
  for (const sibling of builtinMappingProfiles) {
    if (sibling.name === chosen.name || sibling.variant?.family !== family) continue;
    if (await readsHeader(sibling, step, header)) {
      return `${header.file}: this header is ${sibling.variant.form}, not ${chosen.variant?.form}: use "profile": "${sibling.name}" (docs/profiles.md#${sibling.name}).`;
    }
  }
  return undefined;
}

/**
 * The variant hints for a configuration's inputs, read before its crosswalks are checked: a user
 * who named the wrong form's profile lacks that profile's crosswalks too, and the form is the
 * thing to fix first. Empty when every header is the chosen profile's (or unreadable).
 */
export async function findVariantHints(
  chosen: BuiltinMappingProfile,
  config: MigrationConfig,
): Promise<string[]> {
  if (!chosen.variant) return [];
  const hints: string[] = [];
  for (const [name, input] of Object.entries(config.inputs)) {
    if (!input) continue;
    const step = name as MappedStep;
    const header = await readHeader(inputSpecOf(input));
    if (!header || (await readsHeader(chosen, step, header))) continue;
    const hint = await findVariantHint(chosen, step, header);
    if (hint && !hints.includes(hint)) hints.push(hint);
  }
  return hints;
}

/** The first row of an input's file, or undefined when it cannot be read (staging reports that). */
async function readHeader(spec: ReturnType<typeof inputSpecOf>): Promise<InputHeader | undefined> {
  try {
    for await (const row of readRawRows(spec)) {
      return { file: row.file, ...(row.sheet ? { sheet: row.sheet } : {}), columns: row.values };
    }
  } catch (error) {
    if (error instanceof SourceError) return undefined;
    throw error;
  }
  return undefined;
}

/** True when the profile's mapping of `step` finds every column it reads in the header. */
async function readsHeader(shipped: BuiltinMappingProfile, step: MappedStep, header: InputHeader) {
  // Only the columns matter here: every crosswalk the profile needs is given as an empty table.
  const names = [...shipped.crosswalks, ...Object.values(shipped.inputCrosswalks ?? {}).flat()];
  const profile = await loadMappingFile(
    builtinMappingProfilePath(shipped.name),
    builtinMappingProfileName(shipped.name),
    Object.fromEntries(names.map((name) => [name, {}])),
  );
  const compiled = profile.compiled[step];
  if (compiled?.header !== 'required') return false;
  try {
    bindColumns(compiled, header);
    return true;
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
}
