import { inputSpecOf, type MigrationConfig } from '../../config/config.js';
import { ConfigError, SourceError } from '../../errors/index.js';
import { readRawRows } from '../../sources/read-raw-rows.js';
import type { MappedStep } from '../build-record.js';
import type { Profile } from '../types.js';
import {
  type BuiltinMappingProfile,
  builtinMappingProfileName,
  builtinMappingProfilePath,
  builtinMappingProfiles,
  listBuiltinProfiles,
} from './builtin-files.js';
import { bindForm, formOf } from './compiled-input.js';
import { loadMappingFile, type MappingFileProfile } from './mapping-file.js';
import { sonarImporterProfile } from './sonar-importer.js';
import { templatesProfile } from './templates.js';
import { findVariantHint, findVariantHints } from './variant-hint.js';

export { loadMappingFile } from './mapping-file.js';
export {
  type OutlineColumn,
  type OutlineInput,
  outlineBuiltinProfile,
  type ProfileOutline,
} from './profile-outline.js';
export { sonarImporterProfile } from './sonar-importer.js';
export { templatesProfile } from './templates.js';

/** The built-in profiles, by name, for `resolveProfile` and a `profiles` command. */
export const builtinProfiles: ReadonlyArray<{ name: string; description: string; profile: Profile }> = [
  {
    name: sonarImporterProfile.name,
    description: sonarImporterProfile.description,
    profile: sonarImporterProfile,
  },
  { name: templatesProfile.name, description: templatesProfile.description, profile: templatesProfile },
];

/**
 * The built-in profiles shipped as mapping files (profiles/<name>.yaml), by name. Each is loaded
 * with the configuration's crosswalks, since legacy plan and status codes differ at every ISP.
 */
export {
  type BuiltinMappingProfile,
  type BuiltinProfileSummary,
  builtinMappingProfilePath,
  builtinMappingProfiles,
  listBuiltinProfiles,
} from './builtin-files.js';

/** The profile used when the configuration names none. */
export const defaultProfileName = 'sonar-importer';

/**
 * The profile a configuration names: a built-in one, or a mapping file — checked in full at
 * start-up (shape, fields, transforms, crosswalks, and every column it names against the header
 * of each configured input), so a mistake stops the run with a ConfigError before any row is read.
 */
export async function resolveProfile(config: MigrationConfig): Promise<Profile> {
  const ref = config.profile ?? { kind: 'builtin' as const, name: defaultProfileName };
  const shipped =
    ref.kind === 'builtin' ? builtinMappingProfiles.find((p) => p.name === ref.name) : undefined;
  if (shipped) return resolveShipped(shipped, config);
  if (ref.kind === 'builtin') {
    const found = builtinProfiles.find((p) => p.name === ref.name);
    if (!found) {
      throw new ConfigError(
        'CONFIG_INVALID',
        `profile "${ref.name}" is not a built-in profile (${listBuiltinProfiles()
          .map((p) => p.name)
          .join(', ')}) — fix "profile" or give a mapping file's path.`,
      );
    }
    return found.profile;
  }
  const profile = await loadMappingFile(ref.path, ref.displayName, config.crosswalks, config.lookups);
  await checkInputs(profile, config, ref.displayName);
  return profile;
}

/** Loads a shipped mapping file after checking the migration file supplies its crosswalks. */
async function resolveShipped(shipped: BuiltinMappingProfile, config: MigrationConfig): Promise<Profile> {
  // A crosswalk only an input reads is needed when that input is configured; otherwise an empty
  // table lets the mapping file compile (the input maps nothing).
  const byInput = Object.entries(shipped.inputCrosswalks ?? {}) as Array<[string, readonly string[]]>;
  const needed = [
    ...shipped.crosswalks,
    ...byInput
      .filter(([input]) => config.inputs[input as MappedStep] !== undefined)
      .flatMap(([, names]) => names),
  ];
  const missing = [...new Set(needed)].filter((name) => config.crosswalks[name] === undefined);
  if (missing.length > 0) {
    // Named the wrong form's profile? Say which form the files are before asking for crosswalks.
    const hints = await findVariantHints(shipped, config);
    if (hints.length > 0) throw new ConfigError('CONFIG_INVALID', hints.join('\n'));
    throw new ConfigError(
      'CONFIG_INVALID',
      `${config.configPath}: the built-in profile "${shipped.name}" needs the crosswalk${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} — add ${missing.length > 1 ? 'them' : 'it'} under "crosswalks" (legacy value → Sonar id or name); docs/profiles.md shows each profile's keys.`,
    );
  }
  const displayName = builtinMappingProfileName(shipped.name);
  const unused = Object.fromEntries(byInput.flatMap(([, names]) => names.map((name) => [name, {}])));
  const profile = await loadMappingFile(
    builtinMappingProfilePath(shipped.name),
    displayName,
    { ...unused, ...config.crosswalks },
    config.lookups,
  );
  await checkInputs(profile, config, displayName, shipped);
  return { ...profile, name: shipped.name };
}

/** Every configured input has a mapping, and every column a mapping names is in its file's header. */
async function checkInputs(
  profile: MappingFileProfile,
  config: MigrationConfig,
  displayName: string,
  shipped?: BuiltinMappingProfile,
) {
  const problems: string[] = [];
  for (const [name, input] of Object.entries(config.inputs)) {
    if (!input || name === 'radius_groups' || name === 'radius_group_settings') continue;
    const compiled = profile.compiled[name as MappedStep];
    if (!compiled) {
      problems.push(
        `inputs.${name} is configured but ${displayName} has no mapping for it — add inputs.${name} to the mapping file or remove the input.`,
      );
      continue;
    }
    // The form that reads this file (a `.json` file: the API answers' form) says which lookups it needs.
    const form = formOf(compiled, input.path);
    for (const lookup of form.lookups.filter((l) => config.lookups?.[l] === undefined)) {
      problems.push(
        `inputs.${name}: ${displayName} joins it against the lookup "${lookup}" — add "lookups": { "${lookup}": "<its export file>" } to the migration file (docs/profiles.md says which export).`,
      );
    }
    if (form.header !== 'required') continue;
    const spec = { ...inputSpecOf(input), ...(form.recordsIn ? { recordsIn: form.recordsIn } : {}) };
    try {
      for await (const row of readRawRows(spec)) {
        const header = { file: row.file, ...(row.sheet ? { sheet: row.sheet } : {}), columns: row.values };
        try {
          bindForm(compiled, header);
        } catch (err) {
          // The header of another form of the same system: name the profile that reads it.
          const hint =
            err instanceof ConfigError && shipped
              ? await findVariantHint(shipped, name as MappedStep, header)
              : undefined;
          if (!hint) throw err;
          // Inputs reading one file would repeat it: one line per file says it.
          if (!problems.some((p) => p.startsWith(hint)))
            problems.push(`${hint}\n  ${(err as Error).message}`);
        }
        break;
      }
    } catch (err) {
      // A file that cannot be read is reported by the staging pass; only mapping mistakes stop here.
      if (err instanceof SourceError) continue;
      if (err instanceof ConfigError) problems.push(err.message);
      else throw err;
    }
  }
  if (problems.length > 0) throw new ConfigError('CONFIG_INVALID', problems.join('\n'));
}
