import { relative, resolve } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { loadSonarTarget } from '../../config/env.js';
import { ConfigError } from '../../errors/index.js';
import { acquireLock } from '../../journal/lock.js';
import { AimdLimiter } from '../../loaders/concurrency.js';
import { writeLoadReports } from '../../reports/load-report.js';
import { ensureReportsDir } from '../../reports/report-file.js';
import { readVerifyReport, writeVerifyCsv } from '../../reports/verify-report.js';
import { SonarClient } from '../../sonar/client.js';
import { redactSecrets } from '../../sonar/redact.js';
import { StagedRecords } from '../../store/staged-records.js';
import { registerStagedSecrets } from '../../store/staged-secrets.js';
import { runVerify } from '../../verify/run-verify.js';
import { dollars } from '../../verify/totals.js';
import type { CliCommand } from '../command.js';
import type { CliIo, ExitCode } from '../io.js';
import { openExistingState } from './status.js';

/** Options of `sonar-migrate verify` as commander hands them over. */
interface VerifyFlags {
  config: string;
  concurrency?: string;
  insecure?: boolean;
}

/** `sonar-migrate verify`: reads Sonar back and compares it with the source, field by field. */
export const command: CliCommand = {
  name: 'verify',
  register(program, io, done) {
    program
      .command('verify')
      .description(
        'Read every migrated account back from Sonar and compare it with the source (read-only; re-run to resume)',
      )
      .requiredOption('--config <file>', 'the migration file (JSON or YAML)')
      .option('--concurrency <n>', 'requests in flight at most (default: the config, 8)')
      .option('--insecure', 'allow plain http:// to a Sonar on another machine')
      .action(async (flags: VerifyFlags) => {
        done(await runVerifyCommand(flags, io));
      });
  },
};

/** Runs verify; resolves to 0 (no difference), 1 (differences), 2 (configuration), 130 (interrupted). */
export async function runVerifyCommand(flags: VerifyFlags, io: CliIo): Promise<ExitCode> {
  const config = await loadConfig(resolve(io.cwd, flags.config));
  const concurrency = parseConcurrency(flags.concurrency) ?? config.concurrency;
  const target = loadSonarTarget(io.env, io.cwd, { insecure: flags.insecure === true });
  const db = openExistingState(config, 'verify', io);
  let release: (() => void) | undefined;
  const limiter = new AimdLimiter({ max: concurrency });
  const client = new SonarClient({
    target,
    connections: concurrency * 2,
    onRateLimit: () => limiter.onRateLimit(),
  });
  try {
    // A load and a verify of the same state file never run at once: verify reads the journal.
    release = acquireLock(config.state, 'verify');
    registerStagedSecrets(db);
    ensureReportsDir(config.reports);
    io.stderr.write(`Verifying ${target.url} against ${relative(io.cwd, config.state) || config.state}…\n`);
    let last = 0;
    const run = await runVerify({
      client,
      staged: new StagedRecords(db),
      limiter,
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (done, total) => {
        const now = Date.now();
        if (done !== total && now - last < 3_000) return;
        last = now;
        io.stderr.write(`verify: ${done}/${total} account(s)\n`);
      },
    });
    if (run.interrupted) {
      io.stderr.write('Interrupted: the accounts verified so far are kept; run verify again to go on.\n');
      return 130;
    }
    const csv = writeVerifyCsv(config.reports, db);
    writeLoadReports({ reports: config.reports }, db);
    const report = readVerifyReport(db);
    const differences = report?.differences ?? 0;
    const totals = report?.totals;
    io.stdout.write(
      `Verified ${run.accounts} account(s)${run.resumed ? ` (${run.resumed} by the interrupted run before)` : ''}: ${differences} difference(s).\n`,
    );
    if (totals)
      io.stdout.write(
        `Monthly recurring revenue: source ${dollars(totals.mrrExpectedCents)}, Sonar ${dollars(totals.mrrFoundCents)}.\n`,
      );
    for (const d of report?.sample ?? [])
      io.stdout.write(
        redactSecrets(
          `  ${d.step} ${d.legacyKey} (Sonar ${d.sonarId || '-'}): ${d.field} expected "${d.expected}", found "${d.found}"\n`,
        ),
      );
    io.stdout.write(`Report: ${relative(io.cwd, csv) || csv}\n`);
    return differences === 0 ? 0 : 1;
  } finally {
    await client.close();
    release?.();
    db.close();
  }
}

function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new ConfigError('CONFIG_USAGE', `--concurrency ${value}: expected a whole number from 1 to 64.`);
  }
  return n;
}
