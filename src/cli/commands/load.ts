import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadConfig, type MigrationConfig } from '../../config/config.js';
import { environmentWithDotEnv, loadSonarTarget, type SonarTarget } from '../../config/env.js';
import { ConfigError } from '../../errors/index.js';
import { type StepName, stepNames } from '../../ground/types.js';
import { Journal } from '../../journal/journal.js';
import { AimdLimiter } from '../../loaders/concurrency.js';
import { defaultQuietPeriodMs } from '../../loaders/quiet-period.js';
import type { fetchReferenceData } from '../../loaders/reference-data.js';
import { type LoadResult, runLoad } from '../../loaders/runner.js';
import { resolveProfile } from '../../mappers/profiles/index.js';
import { openLoadState } from '../../pipeline/load-state.js';
import { prepareMigration } from '../../pipeline/prepare-migration.js';
import { failedCsvInputs, writeLoadReports } from '../../reports/load-report.js';
import { SonarClient } from '../../sonar/client.js';
import { StagedRecords } from '../../store/staged-records.js';
import type { CliCommand } from '../command.js';
import type { CliIo, ExitCode } from '../io.js';
import { createLoadProgress, createQuietCountdown, formatLoadSummary } from '../progress.js';

/** Options of `sonar-migrate load` as commander hands them over. */
interface LoadFlags {
  config: string;
  allowNumericTokens?: boolean;
  yes?: boolean;
  only?: string;
  accounts?: string;
  retryFailed?: boolean;
  concurrency?: string;
  quietPeriod?: string;
  insecure?: boolean;
}

/** `sonar-migrate load`: loads the staged records into Sonar exactly once, resumably. */
export const command: CliCommand = {
  name: 'load',
  register(program, io, done) {
    program
      .command('load')
      .description('Load the inputs into Sonar in dependency order, exactly once; re-run to resume')
      .requiredOption('--config <file>', 'the migration file (JSON or YAML)')
      .option(
        '--allow-numeric-tokens',
        'a bare Luhn-valid number in a token column is a token (README: allowNumericTokens)',
      )
      .option(
        '--yes',
        'do not ask to confirm the target (also SONAR_MIGRATE_YES=1); needed without a terminal',
      )
      .option('--only <steps>', `only these steps, comma-separated: ${stepNames.join(', ')}`)
      .option(
        '--accounts <ids|@file>',
        'only these legacy account numbers (comma-separated, or @file with one per line)',
      )
      .option('--retry-failed', 'send records that failed in an earlier run again')
      .option('--concurrency <n>', 'requests in flight at most (default: the config, 8)')
      .option(
        '--quiet-period <seconds>',
        'wait this long after an unanswered write before looking it up (default: the config, 120)',
      )
      .option('--insecure', 'allow plain http:// to a Sonar on another machine')
      .action(async (flags: LoadFlags) => {
        done(await runLoadCommand(flags, io));
      });
  },
};

/** Runs a load; resolves to 0 (all loaded), 1 (some rejected, failed or skipped), 2 (config), 130 (interrupted). */
export async function runLoadCommand(flags: LoadFlags, io: CliIo): Promise<ExitCode> {
  const config = await loadConfig(resolve(io.cwd, flags.config));
  if (flags.allowNumericTokens) config.allowNumericTokens = true;
  const only = parseOnly(flags.only);
  const accounts = parseAccounts(flags.accounts, io.cwd);
  const concurrency = parseConcurrency(flags.concurrency) ?? config.concurrency;
  const quietSeconds =
    parseQuietPeriod(flags.quietPeriod) ?? config.quietPeriodSeconds ?? defaultQuietPeriodMs / 1000;
  const target = loadSonarTarget(io.env, io.cwd, { insecure: flags.insecure === true });
  if (!(await confirmTarget(target, flags, io))) return 2;
  const state = openLoadState(config, (m) => io.stderr.write(m));
  const { db } = state;
  const limiter = new AimdLimiter({ max: concurrency });
  const client = new SonarClient({
    target,
    // Twice the requests in flight: a connection whose answer just arrived is handed back to the
    // pool a moment after the slot is, and the request that takes the slot should not wait for it.
    connections: concurrency * 2,
    onRateLimit: () => limiter.onRateLimit(),
  });
  try {
    const staged = new StagedRecords(db);
    const journal = new Journal(db);
    const profile = await resolveProfile(config);
    io.stderr.write(`Staging the inputs of ${relative(io.cwd, config.configPath) || config.configPath}…\n`);
    const prepared = await prepareMigration(config, {
      profile,
      staged,
      env: environmentWithDotEnv(io.env, io.cwd),
      ...(io.signal ? { signal: io.signal } : {}),
      ...(io.today ? { today: io.today() } : {}),
      stopOnSourceErrors: true,
      reference: {
        from: 'sonar',
        client,
        onRead: () => io.stderr.write(`Reading reference data from ${target.url}…\n`),
      },
      plan: { journal: () => journal },
    });
    if (prepared.status === 'stopped') {
      for (const error of prepared.stage.sourceErrors)
        io.stderr.write(`error ${error.code}: ${error.message}\n`);
      return prepared.reason === 'source-errors' ? 2 : interrupted(io);
    }
    const { reference, plan } = prepared;
    if (plan.conflicts.length > 0) return stopOnConflicts(io, plan.conflicts, flags.config);
    const result = await loadWithProgress(io, config, {
      client,
      journal,
      staged,
      reference,
      limiter,
      concurrency,
      only,
      accounts,
      flags,
      quietSeconds,
    });
    io.stdout.write(formatLoadSummary(result, target.url));
    const reports = writeLoadReports({ reports: config.reports }, db, {
      inputs: failedCsvInputs(config, profile),
    });
    io.stdout.write(`Reports: ${relative(io.cwd, reports.dir) || reports.dir}\n`);
    if (result.fatal) {
      io.stderr.write(`error ${result.fatal.code}: ${result.fatal.message}\n`);
      if (result.fatal.code === 'SONAR_AUTH')
        io.stderr.write(
          'The load stopped; no record was marked failed for it. Fix SONAR_USERNAME / SONAR_PASSWORD, then run load again: it carries on where it stopped.\n',
        );
      return 1;
    }
    if (result.interrupted) return interrupted(io);
    const rejected = [...staged.rejections()].length;
    const notLoaded = result.steps.some((s) => s.failed + s.skipped + s.unsettled + s.duplicates > 0);
    return rejected > 0 || notLoaded ? 1 : 0;
  } finally {
    await client.close();
    state.close();
  }
}

async function loadWithProgress(
  io: CliIo,
  config: MigrationConfig,
  run: {
    client: SonarClient;
    journal: Journal;
    staged: StagedRecords;
    reference: Awaited<ReturnType<typeof fetchReferenceData>>;
    limiter: AimdLimiter;
    concurrency: number;
    only: StepName[] | undefined;
    accounts: Set<string> | undefined;
    flags: LoadFlags;
    quietSeconds: number;
  },
): Promise<LoadResult> {
  let view: ReturnType<typeof createLoadProgress> | undefined;
  try {
    return await runLoad({
      client: run.client,
      journal: run.journal,
      staged: run.staged,
      reference: run.reference,
      limiter: run.limiter,
      concurrency: run.concurrency,
      ...(run.only ? { only: run.only } : {}),
      ...(run.accounts ? { accounts: run.accounts } : {}),
      retryFailed: run.flags.retryFailed === true,
      prorate: config.prorate,
      quietMs: run.quietSeconds * 1000,
      onQuietWait: createQuietCountdown(io, run.quietSeconds),
      ...(io.signal ? { signal: io.signal } : {}),
      onStart: (totals) => {
        io.stderr.write(
          `Loading into Sonar (concurrency ${run.concurrency}, journal ${config.state}, prorate ${config.prorate})…\n`,
        );
        view = createLoadProgress(io, totals);
      },
      onProgress: (progress) => view?.update(progress),
    });
  } finally {
    view?.stop();
  }
}

async function confirmTarget(target: SonarTarget, flags: LoadFlags, io: CliIo): Promise<boolean> {
  if (flags.yes || io.env.SONAR_MIGRATE_YES === '1') return true;
  if (!io.stdin?.isTTY) {
    throw new ConfigError(
      'CONFIG_CONFIRMATION_REQUIRED',
      `load writes to ${target.url} and there is no terminal to confirm it: pass --yes (or set SONAR_MIGRATE_YES=1) once you are sure of the target.`,
    );
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const answer = await rl.question(
      `Load into ${target.url} as ${target.username}? Type the host (${new URL(target.url).host}) to go on: `,
    );
    if (answer.trim() === new URL(target.url).host) return true;
    io.stderr.write('Not confirmed: nothing was sent.\n');
    return false;
  } finally {
    rl.close();
  }
}

function stopOnConflicts(
  io: CliIo,
  conflicts: Array<{ code: string; message: string }>,
  configFlag: string,
): 1 {
  io.stderr.write(
    `Load stopped before sending anything: ${conflicts.length} conflict(s) with what is already in Sonar.\n`,
  );
  for (const c of conflicts.slice(0, 20)) io.stderr.write(`  ${c.code}: ${c.message}\n`);
  if (conflicts.length > 20) io.stderr.write(`  … and ${conflicts.length - 20} more\n`);
  io.stderr.write(
    `Run \`sonar-migrate plan --config ${configFlag}\` for the whole list; resolve them, then load again.\n`,
  );
  return 1;
}

function interrupted(io: CliIo): 130 {
  io.stderr.write('Interrupted: what was in flight is settled and journaled; run load again to resume.\n');
  return 130;
}

/** `--quiet-period 120` → seconds (0 to 3600), refusing anything else. */
export function parseQuietPeriod(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw new ConfigError(
      'CONFIG_USAGE',
      `--quiet-period ${value}: must be a number of seconds from 0 to 3600 — longer than Sonar may take to finish a request (default 120).`,
    );
  }
  return seconds;
}

/** `--only a,b` → step names, refusing unknown ones. */
export function parseOnly(value: string | undefined): StepName[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(stepNames as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new ConfigError(
      'CONFIG_USAGE',
      `--only ${value}: ${unknown.length ? `unknown step ${unknown.map((u) => `"${u}"`).join(', ')}` : 'no step named'} — use some of ${stepNames.join(', ')}.`,
    );
  }
  return names as StepName[];
}

/** `--accounts 1,2` or `--accounts @file` (one per line or comma-separated; # starts a comment). */
export function parseAccounts(value: string | undefined, cwd: string): Set<string> | undefined {
  if (value === undefined) return undefined;
  let text = value;
  if (value.startsWith('@')) {
    const path = resolve(cwd, value.slice(1));
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(
        'CONFIG_FILE_MISSING',
        `--accounts ${value}: ${path} cannot be read — fix the path.`,
        { cause: err },
      );
    }
  }
  const ids = text
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new ConfigError('CONFIG_USAGE', `--accounts ${value}: no account numbers given.`);
  return new Set(ids);
}

function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new ConfigError('CONFIG_USAGE', `--concurrency ${value}: expected a whole number from 1 to 64.`);
  }
  return n;
}
