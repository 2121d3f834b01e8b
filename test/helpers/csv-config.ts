import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputName, MigrationConfig } from '../../src/config/config.js';
import { makeTempDir } from './io.js';

/** A config over CSV files written into a new temp dir (input name → CSV text). */
export function csvFilesConfig(
  files: Partial<Record<InputName, string>>,
  crosswalks: MigrationConfig['crosswalks'] = {},
): MigrationConfig {
  const dir = makeTempDir('sonar-migrate-csv-');
  const inputs: MigrationConfig['inputs'] = {};
  for (const [name, text] of Object.entries(files) as Array<[InputName, string]>) {
    writeFileSync(join(dir, `${name}.csv`), text);
    inputs[name] = { name, path: join(dir, `${name}.csv`), displayName: `${name}.csv`, format: 'csv' };
  }
  return {
    configPath: join(dir, 'migration.json'),
    inputs,
    state: join(dir, 'state.db'),
    reports: join(dir, 'reports'),
    concurrency: 1,
    crosswalks,
    prorate: false,
    allowPastNextBillDates: false,
  };
}
