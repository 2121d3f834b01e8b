import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../../config/config.js';
import { resolveProfile } from '../../mappers/profiles/index.js';
import { failedCsvInputs, writeLoadReports } from '../../reports/load-report.js';
import { formatStatusTable } from '../../reports/status-table.js';
import type { CliCommand } from '../command.js';
import type { CliIo } from '../io.js';
import { openExistingState } from './status.js';

/** `sonar-migrate report`: writes the load reports (CSV per step, summary.json, summary.html). */
export const command: CliCommand = {
  name: 'report',
  register(program, io, done) {
    program
      .command('report')
      .description('Write the load reports: <step>.loaded.csv, <step>.failed.csv, summary.json, summary.html')
      .requiredOption('--config <file>', 'the migration file (JSON or YAML)')
      .action(async (flags: { config: string }) => {
        done(await runReport(flags, io));
      });
  },
};

async function runReport(flags: { config: string }, io: CliIo): Promise<0> {
  const config = await loadConfig(resolve(io.cwd, flags.config));
  const db = openExistingState(config, 'report', io);
  try {
    const profile = await resolveProfile(config);
    const result = writeLoadReports(config, db, { inputs: failedCsvInputs(config, profile) });
    io.stdout.write(formatStatusTable(result.summary.steps));
    io.stdout.write(`\nReports written to ${result.dir}:\n`);
    for (const file of result.files) io.stdout.write(`  ${relative(result.dir, file)}\n`);
    const summaryPage = relative(io.cwd, join(result.dir, 'summary.html')) || 'summary.html';
    if (result.summary.totals.failed + result.summary.totals.skipped > 0) {
      io.stdout.write(
        `Next: fix the rows in the *.failed.csv files (drop the _code and _error columns) and feed them back in, or fix the cause in Sonar; then \`sonar-migrate load --config ${flags.config} --retry-failed\`. Payment tokens in them are masked: put the original token back before re-feeding.\n`,
      );
    } else {
      io.stdout.write(
        `Next: open ${summaryPage}, spot-check accounts in Sonar, then \`sonar-migrate verify --config ${flags.config}\` reads them all back.\n`,
      );
    }
    if (result.unmatchedFailures > 0) {
      io.stderr.write(
        `warning: ${result.unmatchedFailures} failed record(s) are no longer in the staging tables (the inputs were staged again since the load), so their rows are not in any failed.csv — run \`load\` to bring the journal and the staging up to date.\n`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
