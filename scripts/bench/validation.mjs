// Bench 1: offline validation. `validate` against csv-parse alone reading the same bytes, each in
// its own child process, at each size; rows per second, the ratio, and peak RSS per size.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSampleSet, writeRunConfig } from './data.mjs';
import { measureInChild } from './measure.mjs';

/** The inputs validated by default: accounts and the two biggest related files. */
export const VALIDATION_INPUTS = ['accounts', 'contacts', 'services'];

/**
 * Runs the validation bench for each size (accounts). Returns one result per size:
 * { accounts, inputs, rows, bytes, csvParse: {ms, rowsPerS, maxRssMb}, validate: {ms, rowsPerS,
 * maxRssMb, code}, ratio } — ratio is validate's speed over csv-parse's (1 = as fast).
 */
export async function benchValidation({ repoRoot, dist, sizes, inputs, workRoot, log }) {
  const results = [];
  for (const accounts of sizes) {
    const set = await ensureSampleSet(repoRoot, accounts, log);
    const files = inputs.map((input) => join(set.dir, `${input}.csv`));
    const missing = files.filter((file) => !existsSync(file));
    if (missing.length > 0) throw new Error(`--inputs: no such input file ${missing.join(', ')}`);
    // Data rows as the generator wrote them: the same count for both sides (csv-parse also counts
    // the header lines, a handful at most).
    const rows = inputs.reduce((n, input) => n + (set.counts[input] ?? 0), 0);
    const bytes = files.reduce((n, file) => n + statSync(file).size, 0);
    const runDir = mkdtempSync(join(workRoot, `validate-${accounts}-`));
    const config = writeRunConfig(runDir, set.dir, inputs);
    log(`validation at ${accounts.toLocaleString('en-US')} accounts: ${rows.toLocaleString('en-US')} rows…`);
    const csv = await measureInChild(['csv-parse', ...files], { cwd: runDir });
    const validate = await measureInChild(['cli', dist, 'validate', '--config', config], { cwd: runDir });
    if (validate.code !== 0) {
      log(
        `warning: validate exited ${validate.code} on generated data that should be valid:\n${validate.errors}`,
      );
    }
    const rowsPerS = (ms) => rows / (ms / 1000);
    results.push({
      accounts,
      inputs,
      rows,
      csvParseRecords: csv.rows,
      bytes,
      csvParse: { ms: csv.ms, rowsPerS: rowsPerS(csv.ms), maxRssMb: csv.maxRssMb },
      validate: {
        ms: validate.ms,
        rowsPerS: rowsPerS(validate.ms),
        maxRssMb: validate.maxRssMb,
        code: validate.code,
      },
      ratio: csv.ms / validate.ms,
    });
  }
  return results;
}

/** Peak RSS growth of validate from the smallest size to the largest (0.3 = 30% more). */
export function memoryGrowth(results) {
  const first = results[0];
  const last = results.at(-1);
  if (!first || !last || first === last) return undefined;
  return {
    fromAccounts: first.accounts,
    toAccounts: last.accounts,
    fromMb: first.validate.maxRssMb,
    toMb: last.validate.maxRssMb,
    growth: last.validate.maxRssMb / first.validate.maxRssMb - 1,
  };
}
