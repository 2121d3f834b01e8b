import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ErrorCode } from '../errors/index.js';
import type { InputSpec } from '../sources/index.js';
import { type ParsedConfigFile, parseConfigText } from './config-file.js';
import {
  builtInProfiles,
  type InputName,
  inputKeys,
  inputNames,
  type RawInput,
  rawConfigSchema,
  targetKeys,
} from './config-schema.js';
import { type KazooSettings, kazooKeys, resolveKazooSettings } from './kazoo-settings.js';
import { resolveLookups } from './lookups.js';
import { suggestClosest } from './suggest.js';

export { builtInProfiles, type InputName, inputNames } from './config-schema.js';

/** One input file, resolved: where it is, how the user wrote it, and how to read it. */
export interface ResolvedInput {
  name: InputName;
  /** Absolute path. */
  path: string;
  /** The path as written in the configuration file, for messages and reports. */
  displayName: string;
  format: 'csv' | 'xlsx' | 'json';
  /** JSON only: the input's further files (one API list each), read after `path`. */
  moreFiles?: Array<{ path: string; displayName: string }>;
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  /**
   * CSV only: the decimal mark of the file's numbers (`decimal: ","` for -87,988). Absent: a point,
   * or for a file fed back after the export, the export's mark.
   */
  decimal?: '.' | ',';
  /**
   * Files read after this one as the same input (fixed rejected CSVs fed back), in order: a row
   * of a later file replaces the earlier rows of the same legacy key.
   */
  more?: ResolvedInput[];
}

/** What the readers need of a configured input: its path and the reading options it sets. */
export function inputSpecOf(input: ResolvedInput): InputSpec {
  return {
    path: input.path,
    displayName: input.displayName,
    ...(input.moreFiles === undefined ? {} : { moreFiles: input.moreFiles }),
    ...(input.sheet === undefined ? {} : { sheet: input.sheet }),
    ...(input.encoding === undefined ? {} : { encoding: input.encoding }),
    ...(input.delimiter === undefined ? {} : { delimiter: input.delimiter }),
  };
}

/** Which profile maps the inputs: a built-in one by name, or a mapping file. */
export type ProfileRef =
  | { kind: 'builtin'; name: string }
  | { kind: 'file'; path: string; displayName: string };

/** A validated migration configuration with absolute paths. */
export interface MigrationConfig {
  /** Absolute path of the configuration file. */
  configPath: string;
  /** Absent when the file names none: the command decides (e.g. --profile). */
  profile?: ProfileRef;
  inputs: Partial<Record<InputName, ResolvedInput>>;
  /** Absolute path of the SQLite journal. */
  state: string;
  /** Absolute path of the reports folder. */
  reports: string;
  concurrency: number;
  /** Seconds an unanswered write is left alone before it is looked up (absent: 120, see quiet-period.ts). */
  quietPeriodSeconds?: number;
  /** Crosswalk name → legacy value → Sonar id or name. */
  crosswalks: Record<string, Record<string, string | number>>;
  /** Sent as `prorate` with every added service and bill-day change (default false; doc ~10867). */
  prorate: boolean;
  /** Next bill dates before today are accepted (default false: rejected by validate). */
  allowPastNextBillDates: boolean;
  /** A bare Luhn-valid number in a token column is a token, not a card (default false). */
  allowNumericTokens?: boolean;
  /** A Kazoo account read as a DID (and voice service) source, when configured. */
  kazoo?: KazooSettings;
  /** Files a profile joins rows against, by lookup name (absolute paths). */
  lookups?: Record<string, InputSpec>;
}

/** A problem found in the file; all of them are reported in one ConfigError. */
interface Problem {
  code: ErrorCode;
  path: readonly PropertyKey[];
  text: string;
}

/**
 * Reads, validates and resolves a migration file (JSON, or YAML for any other extension). Every
 * problem — a missing file, bad syntax, an unknown key, a wrong type, an input file that does not
 * exist — is reported at once in one ConfigError naming the key path (and line) and what to do.
 */
export async function loadConfig(path: string): Promise<MigrationConfig> {
  const configPath = resolve(path);
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (cause) {
    throw new ConfigError(
      'CONFIG_FILE_MISSING',
      `${path}: the configuration file cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}) — pass --config with the migration file's path.`,
      { cause },
    );
  }
  const file = parseConfigText(text, path, extname(configPath).toLowerCase() === '.json');
  const problems = findTargetKeys(file.data);
  if (problems.length === 0) {
    const parsed = rawConfigSchema.safeParse(file.data);
    if (!parsed.success) problems.push(...describeIssues(parsed.error.issues));
    else return resolveConfig(parsed.data, configPath, file);
  }
  throw toConfigError(problems, file);
}

function findTargetKeys(data: unknown): Problem[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  return Object.keys(data)
    .filter((key) => targetKeys.includes(key.toLowerCase()))
    .map((key) => ({
      code: 'CONFIG_TARGET_IN_FILE' as const,
      path: [key],
      text: `"${key}" does not belong in the configuration file: the Sonar target and its credentials come only from the environment or .env (SONAR_URL, SONAR_USERNAME, SONAR_PASSWORD) — remove the key.`,
    }));
}

/** Problems for zod's issues; a required key missing beside a misspelt one is left out as noise. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const misspeltIn = new Set(
    issues.filter((i) => i.code === 'unrecognized_keys').map((i) => i.path.map(String).join('.')),
  );
  return issues
    .filter(
      (i) =>
        !(
          i.code === 'invalid_type' &&
          /received undefined/.test(i.message) &&
          misspeltIn.has(i.path.slice(0, -1).map(String).join('.'))
        ),
    )
    .map(describeIssue);
}

function describeIssue(issue: z.core.$ZodIssue): Problem {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const parent = issue.path.map(String);
    const known =
      parent.length === 0
        ? Object.keys(rawConfigSchema.shape)
        : parent[0] === 'inputs' && parent.length === 1
          ? [...inputNames]
          : parent[0] === 'inputs'
            ? [...inputKeys]
            : parent[0] === 'kazoo' && parent.length === 1
              ? [...kazooKeys]
              : [];
    const what = parent.length === 1 && parent[0] === 'inputs' ? 'a known input' : 'a known key';
    const noun = what === 'a known input' ? 'Known inputs' : 'Known keys';
    const texts = issue.keys.map((key) => {
      const full = [...parent, key].join('.');
      const guess = suggestClosest(key, known);
      const hint = guess ? ` — did you mean "${guess}"?` : ' — remove it or fix its spelling.';
      return `${full} is not ${what}${hint} ${noun}: ${known.join(', ')}.`;
    });
    const first = issue.keys[0] ?? '';
    return { code: 'CONFIG_UNKNOWN_KEY', path: [...issue.path, first], text: texts.join('\n') };
  }
  const subject = where === '' ? 'the file' : where;
  let message = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'invalid_type' && /^expected /.test(message)) {
    const received = message.match(/received (\w+)/)?.[1];
    message = `must be ${article(issue.expected)}${received ? ` (it is ${article(received)})` : ''}`;
  } else if (issue.code === 'invalid_union' && issue.path[0] === 'crosswalks') {
    message = 'must be a Sonar id (a number) or a Sonar name (a string)';
  }
  return { code: 'CONFIG_INVALID', path: issue.path, text: `${subject} ${message} — fix the value.` };
}

function article(type: string): string {
  return type === 'undefined' || type === 'null' ? type : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

const PRIORITY: readonly ErrorCode[] = ['CONFIG_TARGET_IN_FILE', 'CONFIG_UNKNOWN_KEY', 'CONFIG_INVALID'];

/** One error for all problems, in file order; its code is the most telling problem's. */
function toConfigError(problems: Problem[], file: ParsedConfigFile): ConfigError {
  const rank = (p: Problem) => {
    const i = PRIORITY.indexOf(p.code);
    return i < 0 ? PRIORITY.length : i;
  };
  const code = [...problems].sort((a, b) => rank(a) - rank(b))[0]?.code ?? 'CONFIG_INVALID';
  const ordered = problems
    .map((p) => ({ p, line: file.lineOf(p.path) }))
    .sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  const lines = ordered.map(({ p, line }) => {
    return `${file.displayName}${line === undefined ? '' : `:${line}`}: ${p.text}`;
  });
  return new ConfigError(code, lines.join('\n'));
}

async function resolveConfig(
  raw: z.output<typeof rawConfigSchema>,
  configPath: string,
  file: ParsedConfigFile,
): Promise<MigrationConfig> {
  const base = dirname(configPath);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const problems: Problem[] = [];
  const inputs: Partial<Record<InputName, ResolvedInput>> = {};
  for (const name of inputNames) {
    const specs = raw.inputs[name];
    if (specs === undefined) continue;
    const resolved = [];
    for (const [index, spec] of specs.entries()) {
      const key = specs.length === 1 ? ['inputs', name] : ['inputs', name, String(index)];
      const input = await resolveInput(name, spec, key, at, problems);
      if (input) resolved.push(input);
    }
    const [first, ...rest] = joinJsonLists(resolved);
    // A rejected CSV is written in its input's encoding: a file fed back reads in it unless told.
    const more = rest.map((m) =>
      m.encoding === undefined && first?.encoding !== undefined ? { ...m, encoding: first.encoding } : m,
    );
    if (first) inputs[name] = more.length > 0 ? { ...first, more } : first;
  }
  const profile = raw.profile === undefined ? undefined : await resolveProfile(raw.profile, at, problems);
  const kazoo = raw.kazoo === undefined ? undefined : resolveKazooSettings(raw.kazoo, at, raw.crosswalks);
  if (kazoo) problems.push(...kazoo.problems);
  const lookups = await resolveLookups(raw.lookups, at, problems);
  if (problems.length > 0) throw toConfigError(problems, file);
  return {
    configPath,
    ...(profile === undefined ? {} : { profile }),
    inputs,
    state: at(raw.state),
    reports: at(raw.reports),
    concurrency: raw.concurrency,
    quietPeriodSeconds: raw.quietPeriodSeconds,
    crosswalks: raw.crosswalks,
    prorate: raw.prorate,
    allowPastNextBillDates: raw.allowPastNextBillDates,
    allowNumericTokens: raw.allowNumericTokens,
    ...(kazoo?.settings === undefined ? {} : { kazoo: kazoo.settings }),
    ...(Object.keys(lookups).length === 0 ? {} : { lookups }),
  };
}

async function resolveProfile(
  value: string,
  at: (p: string) => string,
  problems: Problem[],
): Promise<ProfileRef | undefined> {
  if (builtInProfiles.includes(value)) return { kind: 'builtin', name: value };
  const looksLikePath = /[/\\]/.test(value) || /\.(?:json|ya?ml)$/i.test(value);
  if (!looksLikePath) {
    const guess = suggestClosest(value, builtInProfiles);
    const hint = guess ? ` Did you mean "${guess}"?` : '';
    problems.push(
      invalid(
        ['profile'],
        `profile "${value}" is not a built-in profile (${builtInProfiles.join(', ')}) nor a mapping file (.json/.yaml).${hint}`,
      ),
    );
    return undefined;
  }
  const path = at(value);
  if (!(await isFile(path))) {
    problems.push({
      code: 'CONFIG_FILE_MISSING',
      path: ['profile'],
      text: `profile: the mapping file "${value}" (${path}) does not exist — fix the path (it is relative to the configuration file's folder).`,
    });
    return undefined;
  }
  return { kind: 'file', path, displayName: value };
}

function invalid(path: readonly PropertyKey[], text: string): Problem {
  return { code: 'CONFIG_INVALID', path, text };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The JSON files that open an input's list are one export read as one (one API list per file:
 * Splynx's internet and voice services); the files after them are fed back as usual.
 */
function joinJsonLists(files: ResolvedInput[]): ResolvedInput[] {
  const [first, ...rest] = files;
  if (first?.format !== 'json') return files;
  const joined = rest.findIndex((f) => f.format !== 'json');
  const lists = joined === -1 ? rest : rest.slice(0, joined);
  if (lists.length === 0) return files;
  const moreFiles = lists.map((f) => ({ path: f.path, displayName: f.displayName }));
  return [{ ...first, moreFiles }, ...rest.slice(lists.length)];
}

/** One configured file of an input, resolved against the configuration's folder. */
async function resolveInput(
  name: InputName,
  spec: RawInput,
  key: string[],
  at: (p: string) => string,
  problems: Problem[],
): Promise<ResolvedInput | undefined> {
  const path = at(spec.file);
  const ext = extname(path).toLowerCase();
  if (ext === '.xls') {
    problems.push(
      invalid(key, `${key.join('.')}: "${spec.file}" is an old .xls workbook — save it as .xlsx or CSV.`),
    );
    return undefined;
  }
  const format = ext === '.xlsx' ? 'xlsx' : ext === '.json' ? 'json' : 'csv';
  if (spec.sheet !== undefined && format !== 'xlsx') {
    problems.push(
      invalid([...key, 'sheet'], `${key.join('.')}.sheet applies only to .xlsx files — remove it.`),
    );
  }
  if (spec.decimal === ',' && format !== 'csv') {
    problems.push(
      invalid(
        [...key, 'decimal'],
        `${key.join('.')}.decimal applies only to CSV files (an .xlsx cell or a JSON value holds its number already) — remove it.`,
      ),
    );
  }
  if (!(await isFile(path))) {
    problems.push({
      code: 'CONFIG_FILE_MISSING',
      path: key,
      text: `${key.join('.')}: the file "${spec.file}" (${path}) does not exist — fix the path (it is relative to the configuration file's folder).`,
    });
  }
  return {
    name,
    path,
    displayName: spec.file,
    format,
    ...(spec.sheet === undefined ? {} : { sheet: spec.sheet }),
    ...(spec.encoding === undefined ? {} : { encoding: spec.encoding }),
    ...(spec.delimiter === undefined ? {} : { delimiter: spec.delimiter === '\\t' ? '\t' : spec.delimiter }),
    ...(spec.decimal === undefined ? {} : { decimal: spec.decimal }),
  };
}
