import { basename, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadConfig, type MigrationConfig } from '../../config/config.js';
import { environmentWithDotEnv, loadSonarTarget, type SonarTarget } from '../../config/env.js';
import { ConfigError } from '../../errors/index.js';
import { type StepName, stepNames } from '../../ground/types.js';
import { Journal, type JournalReader } from '../../journal/journal.js';
import { applyRemovals, type RemovalOptions } from '../../loaders/apply-removals.js';
import { AimdLimiter } from '../../loaders/concurrency.js';
import { removedInSource } from '../../loaders/delta.js';
import { defaultQuietPeriodMs } from '../../loaders/quiet-period.js';
import type { fetchReferenceData } from '../../loaders/reference-data.js';
import { retryableCodes } from '../../loaders/run-state.js';
import { type LoadResult, runLoad } from '../../loaders/runner.js';
import { resolveProfile } from '../../mappers/profiles/index.js';
import { openLoadState } from '../../pipeline/load-state.js';
import { prepareMigration } from '../../pipeline/prepare-migration.js';
import { failedCsvInputs, writeLoadReports } from '../../reports/load-report.js';
import { formatLoadNextSteps } from '../../reports/next-steps.js';
import { removeStaleRejectedCsvs, writeRejectedCsvs } from '../../reports/rejections-csv.js';
import { SonarClient } from '../../sonar/client.js';
import { StagedRecords } from '../../store/staged-records.js';
import type { CliCommand } from '../command.js';
import type { CliIo, ExitCode } from '../io.js';
import { parseAccounts, parseConcurrency, parseOnly, parseQuietPeriod } from '../load-flags.js';
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
  applyRemovals?: boolean;
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
      .option(
        '--apply-removals',
        'delete from Sonar what this journal loaded and the source no longer has (default: only report it)',
      )
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
    const failedBefore = flags.retryFailed ? 0 : countFailedBefore(journal, only, accounts);
    if (failedBefore > 0)
      io.stderr.write(
        `${failedBefore} record(s) failed in an earlier run for a reason sending again would not fix: this run leaves them failed. Fix the cause (see the <step>.failed.csv reports), then run \`sonar-migrate load --config ${flags.config} --retry-failed\`.\n`,
      );
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
    const removals = await removalsAfterLoad(io, result, flags, {
      client,
      journal,
      staged,
      limiter,
      only,
      accounts,
    });
    const inputs = failedCsvInputs(config, profile);
    const reports = writeLoadReports({ reports: config.reports }, db, { inputs });
    removeStaleRejectedCsvs(config.reports);
    const rejectedFiles = writeRejectedCsvs(staged, config.reports, inputs);
    const files = new Set([...reports.files, ...rejectedFiles.map((f) => f.path)].map((f) => basename(f)));
    io.stdout.write(
      formatLoadNextSteps({
        configFlag: flags.config,
        reportsDir: relative(io.cwd, reports.dir) || reports.dir,
        steps: result.steps,
        failedBefore,
        rejectedRows: staged.rejectionCounts(),
        files,
      }),
    );
    if (result.fatal) {
      io.stderr.write(`error ${result.fatal.code}: ${result.fatal.message}\n`);
      if (result.fatal.code === 'SONAR_AUTH')
        io.stderr.write(
          'The load stopped; no record was marked failed for it. Fix SONAR_USERNAME / SONAR_PASSWORD, then run load again: it carries on where it stopped.\n',
        );
      // As when Sonar refuses the credentials at start-up: fix them, run the same command again.
      return 2;
    }
    if (result.interrupted) return interrupted(io);
    const rejected = staged.rejectionCounts().length;
    const notLoaded = result.steps.some((s) => s.failed + s.skipped + s.unsettled + s.duplicates > 0);
    return rejected > 0 || notLoaded || removals > 0 ? 1 : 0;
  } finally {
    await client.close();
    state.close();
  }
}

/**
 * The records removed in the source: reported, or with `--apply-removals` deleted from Sonar
 * (after a load that ran to its end). Resolves to how many were kept that the flag asked to remove.
 */
async function removalsAfterLoad(
  io: CliIo,
  result: LoadResult,
  flags: LoadFlags,
  run: Omit<RemovalOptions, 'only' | 'accounts'> & {
    only: StepName[] | undefined;
    accounts: Set<string> | undefined;
  },
): Promise<number> {
  const { only, accounts, ...rest } = run;
  if (!flags.applyRemovals || result.interrupted || result.fatal) {
    let left = 0;
    for (const step of stepNames.filter((name) => !only || only.includes(name)))
      for (const r of removedInSource(run.staged, run.journal, step))
        if (!accounts || accounts.has(r.accountKey ?? r.legacyKey)) left += 1;
    if (left > 0)
      io.stdout.write(
        `${left} record(s) loaded earlier are no longer in the source; left in Sonar${flags.applyRemovals ? ' (the load did not finish)' : ': `sonar-migrate plan` lists them, `load --apply-removals` deletes them'}.\n`,
      );
    return 0;
  }
  const removed = await applyRemovals({
    ...rest,
    ...(only ? { only } : {}),
    ...(accounts ? { accounts } : {}),
  });
  const counts = Object.entries(removed.removed).map(([step, n]) => `${step} ${n}`);
  if (counts.length > 0)
    io.stdout.write(`Removed from Sonar (no longer in the source): ${counts.join(', ')}.\n`);
  for (const kept of removed.kept)
    io.stdout.write(`Left in Sonar: ${kept.step} ${kept.legacyKey}: ${kept.reason}\n`);
  return removed.kept.length;
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

/** Failed records of an earlier run that a plain run does not send again (not transient, not uncertain). */
function countFailedBefore(
  journal: JournalReader,
  only: readonly StepName[] | undefined,
  accounts: ReadonlySet<string> | undefined,
): number {
  let n = 0;
  for (const entry of journal.entries(undefined, 'failed')) {
    if (retryableCodes.has(entry.lastError?.code ?? '')) continue;
    if (only && !only.includes(entry.step)) continue;
    if (accounts && !accounts.has(entry.accountKey ?? entry.legacyKey)) continue;
    n += 1;
  }
  return n;
}

function interrupted(io: CliIo): 130 {
  io.stderr.write('Interrupted: what was in flight is settled and journaled; run load again to resume.\n');
  return 130;
}
