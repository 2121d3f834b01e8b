import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type MigrationConfig } from '../../config/config.js';
import { ConfigError } from '../../errors/index.js';
import { Journal } from '../../journal/journal.js';
import { lockHolder } from '../../journal/lock.js';
import { countLoad, sumCounts } from '../../reports/load-summary.js';
import { formatStatusTable } from '../../reports/status-table.js';
import { formatDuration } from '../../reports/summary-html.js';
import { openStateDb, type StateDb } from '../../store/database.js';
import { StagedRecords } from '../../store/staged-records.js';
import type { CliCommand } from '../command.js';
import type { CliIo } from '../io.js';

/** Opens the configuration's existing state file; a missing one is a ConfigError (nothing loaded yet). */
export function openExistingState(config: MigrationConfig, command: string, io?: CliIo): StateDb {
  if (!existsSync(config.state)) {
    throw new ConfigError(
      'JOURNAL_MISSING',
      `${config.state}: no state file — nothing has been planned or loaded with ${config.configPath} yet, so there is nothing to ${command}. Check --config and its "state" key.`,
    );
  }
  return openStateDb(config.state, io ? { onWarning: (m) => io.stderr.write(m) } : {});
}

/** `sonar-migrate status`: counts per step and state from the journal, as a table or JSON. */
export const command: CliCommand = {
  name: 'status',
  register(program, io, done) {
    program
      .command('status')
      .description('Show how many records of each step are staged, rejected, loaded, failed or skipped')
      .requiredOption('--config <file>', 'the migration file (JSON or YAML)')
      .option('--json', 'print JSON instead of a table')
      .action(async (flags: { config: string; json?: boolean }) => {
        done(await runStatus(flags, io));
      });
  },
};

async function runStatus(flags: { config: string; json?: boolean }, io: CliIo): Promise<0> {
  const config = await loadConfig(resolve(io.cwd, flags.config));
  const lock = lockHolder(config.state);
  if (!existsSync(config.state)) {
    // Not an error: "nothing yet" is a status too.
    if (flags.json) {
      io.stdout.write(
        `${JSON.stringify({ state: config.state, exists: false, lock, steps: [], runs: [] }, null, 2)}\n`,
      );
    } else {
      io.stdout.write(
        `No journal yet at ${config.state}: nothing has been planned or loaded with this configuration.\n`,
      );
    }
    return 0;
  }
  const db = openStateDb(config.state, { onWarning: (m) => io.stderr.write(m) });
  try {
    const journal = new Journal(db);
    const steps = countLoad(journal, new StagedRecords(db));
    const runs = journal.runs();
    if (flags.json) {
      // `adopted` needs a pass over every loaded entry: `report` counts it, status stays cheap.
      const { adopted: _adopted, ...totals } = sumCounts(steps);
      const body = {
        state: config.state,
        exists: true,
        lock,
        steps: steps.map(({ adopted: _a, ...counts }) => counts),
        totals,
        runs,
      };
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(`Journal ${config.state}\n`);
    if (lock) {
      io.stdout.write(
        `In use by "${lock.command}" (pid ${lock.pid} on ${lock.host}, since ${lock.startedAt}).\n`,
      );
    }
    io.stdout.write(`\n${formatStatusTable(steps)}`);
    const last = runs.at(-1);
    if (last) {
      const state =
        last.finishedAt === null
          ? lock
            ? 'running'
            : 'did not finish (crashed or killed): run it again to resume'
          : `${last.interrupted ? 'interrupted' : 'finished'} after ${formatDuration(Date.parse(last.finishedAt) - Date.parse(last.startedAt))}`;
      io.stdout.write(`\nLast run: ${last.command} #${last.id}, started ${last.startedAt}, ${state}.\n`);
    }
    const totals = sumCounts(steps);
    if (totals.in_flight > 0 && !lock) {
      io.stdout.write(
        `${totals.in_flight} record(s) in flight: a run stopped mid-request. Run \`load\` again: it looks them up in Sonar before sending anything.\n`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
