import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { environmentWithDotEnv, loadSonarTarget } from '../../config/env.js';
import { Journal } from '../../journal/journal.js';
import { resolveProfile } from '../../mappers/profiles/index.js';
import { prepareMigration } from '../../pipeline/prepare-migration.js';
import { openRehearsalStore } from '../../pipeline/rehearsal-store.js';
import {
  formatDelta,
  formatPlanTable,
  formatProblems,
  planLegend,
  prorateSetting,
  writePlanJson,
} from '../../reports/plan-report.js';
import { ensureReportsDir } from '../../reports/report-file.js';
import { SonarClient } from '../../sonar/client.js';
import { openStateDb, type StateDb } from '../../store/database.js';
import type { CliCommand } from '../command.js';
import type { CliIo, ExitCode } from '../io.js';

/** Options of `sonar-migrate plan` as commander hands them over. */
interface PlanFlags {
  config: string;
  insecure?: boolean;
}

/** `sonar-migrate plan`: the online dry run — read-only against Sonar, writes reports/plan.json. */
export const command: CliCommand = {
  name: 'plan',
  register(program, io, done) {
    program
      .command('plan')
      .description(
        'Dry run against Sonar (read-only): per step, what load would create, adopt, and what conflicts',
      )
      .requiredOption('--config <file>', 'the migration file (JSON or YAML)')
      .option('--insecure', 'allow plain http:// to a Sonar on another machine')
      .action(async (flags: PlanFlags) => {
        done(await runPlan(flags, io));
      });
  },
};

/** Runs a plan; resolves to 0 (ready to load), 1 (conflicts or rejected rows), 2 (bad config or input), 130. */
export async function runPlan(flags: PlanFlags, io: CliIo): Promise<ExitCode> {
  const config = await loadConfig(resolve(io.cwd, flags.config));
  const profile = await resolveProfile(config);
  const target = loadSonarTarget(io.env, io.cwd, { insecure: flags.insecure === true });
  // Staged into a throw-away file, as validate does: plan never touches the journal a load may be
  // writing at this very moment; it only reads it (to count what is already loaded).
  const store = openRehearsalStore('plan');
  let journalDb: StateDb | undefined;
  const client = new SonarClient({ target, connections: Math.min(config.concurrency, 8) });
  try {
    const prepared = await prepareMigration(config, {
      profile,
      staged: store.staged,
      env: environmentWithDotEnv(io.env, io.cwd),
      ...(io.signal ? { signal: io.signal } : {}),
      ...(io.today ? { today: io.today() } : {}),
      reference: {
        from: 'sonar',
        client,
        onRead: () =>
          io.stderr.write(`Reading reference data and existing records from ${target.url} (read-only)…\n`),
      },
      plan: {
        journal: () => {
          journalDb = existsSync(config.state) ? openStateDb(config.state) : undefined;
          return new Journal(journalDb ?? store.db);
        },
      },
    });
    if (prepared.status === 'stopped') return interrupted(io);
    const { stage, plan } = prepared;
    ensureReportsDir(config.reports);
    const path = writePlanJson(config.reports, plan, {
      generatedAt: new Date().toISOString(),
      target: target.url,
      config: config.configPath,
      profile: profile.name,
    });
    io.stdout.write(`Plan for ${target.url} (nothing was written to Sonar)\n\n${formatPlanTable(plan)}`);
    io.stdout.write(`\n${planLegend.map((l) => `  ${l}`).join('\n')}\n`);
    io.stdout.write(formatDelta(plan));
    // doc ~10867: the setting takes effect only for an API user with account super user permission.
    io.stdout.write(
      `\nMoney: ${prorateSetting(config.prorate)}. Sonar honours it only when the API user has the account super user permission.\n`,
    );
    io.stdout.write(
      formatProblems('Conflicts — load will not start until they are resolved', plan.conflicts),
    );
    io.stdout.write(formatProblems('Rejected — not in this Sonar', plan.rejections));
    const validationRejected = plan.steps.reduce((n, s) => n + s.rejected, 0) - plan.rejections.length;
    if (validationRejected > 0) {
      io.stdout.write(
        `\n${validationRejected} row(s) are rejected by validation: run \`sonar-migrate validate --config ${flags.config}\` for the rows and what to fix.\n`,
      );
    }
    io.stdout.write(`\nWrote ${relative(io.cwd, path) || path}\n`);
    io.stdout.write(
      plan.conflicts.length > 0
        ? `Next: resolve the conflicts above, then \`sonar-migrate plan --config ${flags.config}\` again.\n`
        : `Next: \`sonar-migrate load --config ${flags.config}\` (it asks you to confirm the target, or pass --yes).\n`,
    );
    for (const error of stage.sourceErrors) io.stderr.write(`error ${error.code}: ${error.message}\n`);
    if (stage.sourceErrors.length > 0) return 2;
    return plan.conflicts.length > 0 || plan.steps.some((s) => s.rejected > 0) ? 1 : 0;
  } finally {
    await client.close();
    journalDb?.close();
    store.close();
  }
}

function interrupted(io: CliIo): 130 {
  io.stderr.write('Interrupted: nothing was written to Sonar; run plan again.\n');
  return 130;
}
