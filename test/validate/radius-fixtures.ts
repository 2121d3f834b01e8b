import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputName, MigrationConfig } from '../../src/config/config.js';
import { makeTempDir } from '../helpers/io.js';

/** A radgroupreply export: two groups whose rows interleave, as FreeRADIUS exports them by id. */
export const replyCsv = [
  'id,groupname,attribute,op,value',
  '1,Residential 25M,Mikrotik-Rate-Limit,:=,25M/5M',
  '2,Business 100M,Mikrotik-Rate-Limit,:=,100M/100M',
  '3,Residential 25M,Acct-Interim-Interval,=,300',
  '4,Business 100M,Framed-Pool,+=,business',
  '',
].join('\n');

/** The settings of both groups: one by id lists, one by names. */
export const settingsCsv = [
  'groupname,priority,delinquent,active,fall_through,services,account_types,account_groups,account_statuses',
  'Residential 25M,10,3,any,yes,,1,,',
  'Business 100M,20,2,1,no,,2,,',
  '',
].join('\n');

/** A config over CSV files written into a new temp dir (input name → CSV text). */
export function radiusConfig(
  files: Partial<Record<InputName, string>>,
  crosswalks: MigrationConfig['crosswalks'] = {},
): MigrationConfig {
  const dir = makeTempDir('sonar-migrate-radius-');
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
