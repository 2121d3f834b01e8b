import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../../config/config.js';
import { loadSonarTarget } from '../../config/env.js';
import { ConfigError } from '../../errors/index.js';
import { Journal } from '../../journal/journal.js';
import { acquireLock } from '../../journal/lock.js';
import { defaultQuietPeriodMs } from '../../loaders/quiet-period.js';
import { fetchReferenceData } from '../../loaders/reference-data.js';
import { type RollbackResult, resetUnloaded, rollbackJournal } from '../../loaders/rollback.js';
import { settleForRollback } from '../../loaders/settle-for-rollback.js';
import { steps } from '../../loaders/steps.js';
import { SonarClient } from '../../sonar/client.js';
import { StagedRecords } from '../../store/staged-records.js';
import { registerStagedSecrets } from '../../store/staged-secrets.js';
import type { CliCommand } from '../command.js';
import type { CliIo, ExitCode } from '../io.js';
import { createQuietCountdown } from '../progress.js';
import { openExistingState } from './status.js';

/** Options of `sonar-migrate rollback` as commander hands them over. */
interface RollbackFlags {
  config: string;
  yes?: boolean;
  insecure?: boolean;
}

/** `sonar-migrate rollback`: deletes what this journal created, for rehearsals on a staging Sonar. */
export const command: CliCommand = {
  name: 'rollback',
  register(program, io, done) {
    program
      .command('rollback')
      .description(
        'Delete from Sonar what this journal created (never records that were already there), for rehearsals',
      )
      .requiredOption('--config <file>', 'the migration file (JSON or YAML)')
      .option('--yes', 'do not ask for confirmation (also SONAR_MIGRATE_YES=1)')
      .option('--insecure', 'allow plain http:// to a Sonar on another machine')
      .action(async (flags: RollbackFlags) => {
        done(await runRollback(flags, io));
      });
  },
};

/** Runs a rollback; resolves to 0 (all deleted), 1 (some could not be), 2 (not confirmed), 130 (interrupted). */
export async function runRollback(flags: RollbackFlags, io: CliIo): Promise<ExitCode> {
  const config = await loadConfig(resolve(io.cwd, flags.config));
  const db = openExistingState(config, 'roll back', io);
  let release: (() => void) | undefined;
  try {
    release = acquireLock(config.state, 'rollback');
    registerStagedSecrets(db);
    const journal = new Journal(db);
    let created = 0;
    let adopted = 0;
    for (const entry of journal.entries(undefined, 'loaded')) {
      if (entry.adopted) adopted += 1;
      else created += 1;
    }
    const inFlight = journal.inFlight().length;
    if (created === 0 && inFlight === 0) {
      // Nothing to delete, but failures of the last load must not carry into the next rehearsal.
      const reset = steps.reduce((n, step) => n + resetUnloaded(journal, step.name), 0);
      io.stdout.write(
        `Nothing to roll back: this journal created no record that is still in Sonar${adopted ? ` (${adopted} adopted record(s) were already there and are kept)` : ''}.${resetNote(reset)}\n${nextRehearsal(flags.config)}`,
      );
      return 0;
    }
    const target = loadSonarTarget(io.env, io.cwd, { insecure: flags.insecure === true });
    const host = new URL(target.url).host;
    const question = `This deletes ${created} record(s) that this journal created in Sonar at ${host}${inFlight ? `, and any of ${inFlight} record(s) a load left in flight that turn out to be there` : ''}. Records that were already in Sonar before the load (${adopted}, adopted) are kept.`;
    if (!(await confirmed(flags, io, question, host))) {
      io.stderr.write('Rollback cancelled: nothing was deleted.\n');
      return 2;
    }
    const client = new SonarClient({ target, connections: config.concurrency });
    const runId = journal.startRun('rollback');
    let result: RollbackResult | undefined;
    try {
      if (inFlight > 0) await settleFirst(io, client, journal, db, config);
      result = await rollbackJournal(client, journal, steps, {
        concurrency: config.concurrency,
        hierarchy: new StagedRecords(db),
        ...(io.signal ? { signal: io.signal } : {}),
        onProgress: progressLine(io),
      });
    } finally {
      journal.finishRun(runId, {
        interrupted: result?.interrupted ?? true,
        ...(result ? { failed: result.failures.length } : {}),
      });
      await client.close();
    }
    io.stdout.write(formatRollback(result));
    if (!result.interrupted)
      io.stdout.write(
        result.failures.length > 0
          ? `Next: fix the cause, then \`sonar-migrate rollback --config ${flags.config}\` again.\n`
          : nextRehearsal(flags.config),
      );
    if (result.interrupted) {
      io.stderr.write('Interrupted: run rollback again to finish; it continues where it stopped.\n');
      return 130;
    }
    return result.failures.length > 0 || result.steps.some((s) => s.unsettled > 0) ? 1 : 0;
  } finally {
    release?.();
    db.close();
  }
}

/**
 * Settles what a load left in flight (quiet period, then lookups), so rollback deletes what landed:
 * found records become loaded, absent ones failed.
 */
async function settleFirst(
  io: CliIo,
  client: SonarClient,
  journal: Journal,
  db: ReturnType<typeof openExistingState>,
  config: Awaited<ReturnType<typeof loadConfig>>,
): Promise<void> {
  const quietSeconds = config.quietPeriodSeconds ?? defaultQuietPeriodMs / 1000;
  io.stderr.write('Looking up the records a load left in flight before deleting anything…\n');
  const settled = await settleForRollback({
    client,
    journal,
    staged: new StagedRecords(db),
    reference: await fetchReferenceData(client, {
      radiusGroups: config.inputs.radius_groups !== undefined,
      ...(io.signal ? { signal: io.signal } : {}),
    }),
    quietMs: quietSeconds * 1000,
    concurrency: config.concurrency,
    ...(io.signal ? { signal: io.signal } : {}),
    onWait: createQuietCountdown(io, quietSeconds),
  });
  io.stderr.write(
    `In flight: ${settled.found} found in Sonar (deleted below), ${settled.absent} not in Sonar, ${settled.unsettled} still unknown.\n`,
  );
}

/** --yes, SONAR_MIGRATE_YES=1, or the host name typed on a terminal; no terminal and no --yes is an error. */
async function confirmed(flags: RollbackFlags, io: CliIo, question: string, host: string): Promise<boolean> {
  if (flags.yes || io.env.SONAR_MIGRATE_YES === '1') return true;
  if (!io.stdin?.isTTY) {
    throw new ConfigError(
      'CONFIG_CONFIRMATION_REQUIRED',
      `rollback deletes records in Sonar at ${host} and there is no terminal to confirm it on: pass --yes (or set SONAR_MIGRATE_YES=1) to go ahead.`,
    );
  }
  const rl = createInterface({
    input: io.stdin,
    output: io.stderr as NodeJS.WritableStream,
    terminal: false,
  });
  try {
    io.stderr.write(`${question}\n`);
    const answer = await rl.question(`Type the host name (${host}) to delete them: `);
    return answer.trim().toLowerCase() === host.toLowerCase();
  } finally {
    rl.close();
  }
}

/** A progress line on stderr at most every few seconds per step (plain text: logs and terminals alike). */
function progressLine(io: CliIo): (step: string, done: number, total: number) => void {
  let last = 0;
  return (step, done, total) => {
    const now = Date.now();
    if (done !== total && now - last < 3_000) return;
    last = now;
    io.stderr.write(`rollback ${step}: ${done}/${total}\n`);
  };
}

function formatRollback(result: RollbackResult): string {
  const shown = result.steps.filter(
    (s) =>
      s.removed + s.alreadyGone + s.restored + s.keptAdopted + s.failed + s.unsettled + s.withAccount > 0,
  );
  const lines = shown.map(
    (s) =>
      `  ${s.step.padEnd(18)} deleted ${s.removed}, already gone ${s.alreadyGone}${s.restored ? `, restored ${s.restored}` : ''}${s.withAccount ? `, with their account ${s.withAccount}` : ''}, kept (adopted) ${s.keptAdopted}${s.failed ? `, FAILED ${s.failed}` : ''}${s.unsettled ? `, in flight ${s.unsettled}` : ''}`,
  );
  const out = [`Rollback, in reverse load order:`, ...lines.reverse()];
  const kept = result.steps.reduce((n, s) => n + s.keptAdopted, 0);
  const reset = result.steps.reduce((n, s) => n + s.reset, 0);
  if (reset > 0) out.push(resetNote(reset).trim());
  if (kept > 0) out.push(`${kept} record(s) were already in Sonar before the load (adopted): never deleted.`);
  if (result.failures.length > 0) {
    out.push(
      `Could not remove ${result.failures.length} record(s); they stay in the journal as they were — fix the cause (or remove them in Sonar by hand), then run rollback again:`,
    );
    for (const f of result.failures.slice(0, 50))
      out.push(`  ${f.code} ${f.step} ${f.legacyKey}: ${f.message}`);
    if (result.failures.length > 50) out.push(`  … and ${result.failures.length - 50} more (see \`status\`)`);
  }
  return `${out.join('\n')}\n`;
}

/** The line after a rollback that left nothing behind: what the next rehearsal runs. */
function nextRehearsal(configFlag: string): string {
  return `Next: the next rehearsal, \`sonar-migrate load --config ${configFlag}\` (the journal keeps what happened; a new state file starts it over).\n`;
}

function resetNote(reset: number): string {
  return reset > 0
    ? ` ${reset} failed or skipped record(s) (never in Sonar) were reset: the next load sends them afresh.`
    : '';
}
