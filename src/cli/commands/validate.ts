import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { environmentWithDotEnv } from '../../config/env.js';
import { ConfigError } from '../../errors/index.js';
import { type StepName, stepNames } from '../../ground/types.js';
import { resolveProfile } from '../../mappers/profiles/index.js';
import type { Profile } from '../../mappers/types.js';
import { prepareMigration, type ServiceKinds } from '../../pipeline/prepare-migration.js';
import { openRehearsalStore } from '../../pipeline/rehearsal-store.js';
import {
  type RejectedCsvInput,
  removeStaleRejectedCsvs,
  writeRejectedCsvs,
} from '../../reports/rejections-csv.js';
import { ensureReportsDir } from '../../reports/report-file.js';
import {
  formatValidationTable,
  streamValidationJson,
  summarizeValidation,
  writeValidationJson,
} from '../../reports/validation-report.js';
import { parseReferenceData } from '../../simulator/reference.js';
import { multiMonthOf, type VoiceServices } from '../../validate/cross-checks.js';
import type { CliCommand } from '../command.js';
import type { CliIo, ExitCode } from '../io.js';

/** Options of `sonar-migrate validate` as commander hands them over. */
interface ValidateFlags {
  config: string;
  allowNumericTokens?: boolean;
  reports?: string;
  json?: boolean;
  state?: string;
  reference?: string;
}

/** `sonar-migrate validate`: the offline dry run — read, map and check every input, report every problem. */
export const command: CliCommand = {
  name: 'validate',
  register(program, io, done) {
    program
      .command('validate')
      .description('Check the inputs offline (no network) and report every problem in one pass')
      .requiredOption('--config <file>', 'the migration file (JSON or YAML)')
      .option(
        '--allow-numeric-tokens',
        'a bare Luhn-valid number in a token column is a token (README: allowNumericTokens)',
      )
      .option('--reports <dir>', 'where to write the reports (default: "reports" of the configuration)')
      .option('--json', 'print the report as JSON (as validation.json) instead of the summary table')
      .option('--state <file>', 'stage into this SQLite file and keep it (default: a temporary file)')
      .option(
        '--reference <file>',
        'reference data JSON (as `sim --reference` takes), to check DIDs are on voice services and IPs name one of several data services',
      )
      .action(async (flags: ValidateFlags) => {
        done(await runValidate(flags, io));
      });
  },
};

/** Runs a validation; resolves to 0 (all valid), 1 (rows rejected) or 2 (an input could not be read). */
export async function runValidate(flags: ValidateFlags, io: CliIo): Promise<ExitCode> {
  const config = await loadConfig(resolve(io.cwd, flags.config));
  if (flags.allowNumericTokens) config.allowNumericTokens = true;
  const profile = await resolveProfile(config);
  const kinds = flags.reference ? readServiceKinds(resolve(io.cwd, flags.reference)) : undefined;
  const reportsDir = flags.reports ? resolve(io.cwd, flags.reports) : config.reports;
  ensureReportsDir(reportsDir);
  // validate is a rehearsal: it stages into a throw-away file, never the load journal's state file.
  const store = openRehearsalStore('validate', flags.state ? resolve(io.cwd, flags.state) : undefined);
  try {
    const progress = startProgress(io);
    const prepared = await prepareMigration(config, {
      profile,
      staged: store.staged,
      env: environmentWithDotEnv(io.env, io.cwd),
      onProgress: progress.update,
      onStaged: progress.finish,
      ...(io.signal ? { signal: io.signal } : {}),
      ...(io.today ? { today: io.today() } : {}),
      reference: { from: 'file', services: kinds },
    });
    if (prepared.status === 'stopped') {
      io.stderr.write('Interrupted: nothing was written; run validate again.\n');
      return 130;
    }
    const { stage, staged, checks } = prepared;
    const report = summarizeValidation(stage, checks, staged, {
      config: displayPath(io.cwd, config.configPath),
      profile: profile.name,
    });
    removeStaleRejectedCsvs(reportsDir);
    const files = writeRejectedCsvs(staged, reportsDir, rejectedCsvOptions(config.inputs, profile));
    writeValidationJson(report, staged, join(reportsDir, 'validation.json'));
    for (const error of stage.sourceErrors) io.stderr.write(`error ${error.code}: ${error.message}\n`);
    if (flags.json) streamValidationJson(report, staged, (chunk) => io.stdout.write(chunk));
    else {
      io.stdout.write(
        formatValidationTable(report, staged, {
          reportsDir: displayPath(io.cwd, reportsDir),
          files: files.map((f) => displayPath(io.cwd, f.path)),
        }),
      );
    }
    if (stage.sourceErrors.length > 0) return 2;
    return report.ok ? 0 : 1;
  } finally {
    store.close();
  }
}

/** Per input: the header to give its rejected CSV and the encoding to write it in. */
function rejectedCsvOptions(
  inputs: Record<string, { encoding?: string } | undefined>,
  profile: Profile,
): Partial<Record<StepName, RejectedCsvInput>> {
  const options: Partial<Record<StepName, RejectedCsvInput>> = {};
  for (const step of stepNames) {
    const header = profile.inputs[step]?.header;
    const encoding = inputs[step]?.encoding;
    options[step] = {
      ...(header === 'none' ? { headerNames: null } : {}),
      ...(typeof header === 'object' ? { headerNames: header.detect } : {}),
      ...(encoding ? { encoding } : {}),
    };
  }
  return options;
}

/** The voice and data services of a reference data file (the JSON `sim --reference` takes). */
function readServiceKinds(path: string): ServiceKinds | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError('CONFIG_FILE_MISSING', `--reference ${path} does not exist — fix the path.`, {
        cause: err,
      });
    }
    throw new ConfigError(
      'CONFIG_INVALID',
      `--reference ${path} cannot be read as JSON (${(err as Error).message}) — fix the path or the file.`,
      { cause: err },
    );
  }
  const parsed = parseReferenceData(json);
  if (!parsed.ok) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `--reference ${path} does not match the reference data shape: ${parsed.problems.slice(0, 10).join('; ')} — fix those keys.`,
    );
  }
  const services = parsed.reference.services;
  if (!services) return undefined;
  type Service = (typeof services)[number];
  const kind = (wanted: (s: Service) => boolean): VoiceServices => {
    const found = services.filter(wanted);
    return { ids: found.map((s) => s.id), names: found.map((s) => s.name) };
  };
  return {
    voice: kind((s) => s.voice_service === true),
    data: kind((s) => s.data_service === true),
    multiMonth: multiMonthOf(services.map((s) => ({ id: s.id, months: s.billing_frequency_in_months }))),
  };
}

/** Milliseconds between two progress lines on stderr. */
const PROGRESS_EVERY_MS = 3_000;

/**
 * Progress on long inputs: a plain line on stderr every few seconds (rows read so far), the same
 * on a TTY or not — it is short, and a log file keeps it readable. Nothing for a quick run.
 */
export function startProgress(io: CliIo, now: () => number = Date.now) {
  let last = now();
  let printed = false;
  const counts = new Map<StepName, number>();
  return {
    update(input: StepName, rows: number) {
      counts.set(input, rows);
      if (now() - last < PROGRESS_EVERY_MS) return;
      last = now();
      printed = true;
      io.stderr.write(`validate: ${input}: ${rows.toLocaleString('en-US')} rows read\n`);
    },
    finish() {
      if (!printed) return;
      const all = [...counts].map(([input, rows]) => `${input} ${rows.toLocaleString('en-US')}`).join(', ');
      io.stderr.write(`validate: read ${all}; checking across files…\n`);
    },
  };
}

/** A path relative to the working directory when it lies inside it (shorter in messages). */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith('/') ? rel : path;
}
