import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { openStateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { captureIo, makeTempDir } from '../helpers/io.js';
import { repoRoot } from '../loaders/harness.js';

const coordinates = ['Physical Latitude', 'Physical Longitude'];

/**
 * The sonar-importer sample with accounts.csv exported the European way: `;` between cells and a
 * decimal comma in the coordinates (42,2898 / -83,7719). `edit` may change rows before writing.
 */
function europeanSample(accountsInput: unknown, edit: (rows: Record<string, string>[]) => void = () => {}) {
  const dir = makeTempDir('sonar-migrate-decimal-');
  cpSync(join(repoRoot, 'samples', 'sonar-importer'), dir, { recursive: true });
  const path = join(dir, 'accounts.csv');
  const rows: Record<string, string>[] = parse(readFileSync(path, 'utf8'), { columns: true, bom: true });
  for (const row of rows) for (const c of coordinates) row[c] = (row[c] ?? '').replace('.', ',');
  edit(rows);
  writeFileSync(path, stringify(rows, { header: true, delimiter: ';' }));
  const config = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8'));
  config.inputs.accounts = accountsInput;
  writeFileSync(join(dir, 'migration.json'), JSON.stringify(config, null, 2));
  return dir;
}

async function validate(dir: string) {
  const io = captureIo({ cwd: dir });
  const code = await runCommand(
    ['validate', '--config', 'migration.json', '--json', '--state', 'kept.db'],
    io,
  );
  return { code, io };
}

/** The staged account payload of a legacy account number. */
function stagedAccount(dir: string, legacyKey: string): unknown {
  const db = openStateDb(join(dir, 'kept.db'));
  try {
    return [...new StagedRecords(db).valid('accounts')].find((r) => r.legacyKey === legacyKey)?.payload;
  } finally {
    db.close();
  }
}

describe('decimal: "," on an input', () => {
  it('reads a ;-delimited export with decimal commas: -87,988 is -87.988', async () => {
    const dir = europeanSample({ file: 'accounts.csv', delimiter: ';', decimal: ',' });
    const { code, io } = await validate(dir);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const payload = JSON.stringify(stagedAccount(dir, '10002'));
    expect(payload).toContain('"latitude":44.4737');
    expect(payload).toContain('"longitude":-87.988');
  });

  it('without it, the refusal of -87,988 comes with a hint naming decimal: ","', async () => {
    const dir = europeanSample({ file: 'accounts.csv', delimiter: ';' });
    const { code, io } = await validate(dir);
    expect(code).toBe(1);
    const notes = (JSON.parse(io.out()) as { notes: string[] }).notes;
    const hint = notes.find((n) => n.includes('decimal comma'));
    expect(hint).toMatch(
      /^\d+ refused cell\(s\) hold a number with a decimal comma, e\.g\. accounts\.csv:\d+ column "Physical L\w+" \(legacy \d+\) "-?\d+,\d+": sonar-migrate reads numbers with a decimal point unless told otherwise — set `decimal: ","` on inputs\.accounts in the migration file \(README: Decimal commas\), or export the file with decimal points$/,
    );
  });

  it('refuses a number whose "." or space may group thousands, rather than guess', async () => {
    const dir = europeanSample({ file: 'accounts.csv', delimiter: ';', decimal: ',' }, (rows) => {
      const row = rows.find((r) => r.ID === '10002');
      if (row) row['Physical Longitude'] = '-87.988';
    });
    const { code, io } = await validate(dir);
    expect(code).toBe(1);
    const { rejections } = JSON.parse(io.out()) as { rejections: Array<{ message: string }> };
    // The row is refused for that cell alone (its other rows follow it, as for any refused account).
    const accountRows = rejections.filter(
      (r) => r.message.startsWith('accounts.csv') && !r.message.includes(': not checked, '),
    );
    expect(accountRows.map((r) => r.message)).toEqual([
      expect.stringMatching(
        /^accounts\.csv:3 column .*Physical Longitude.* \(legacy 10002\): .*"-87\.988" is ambiguous with decimal "," — its "\." or space may group thousands or mark decimals; write it without grouping, with a comma for decimals \(e\.g\. 1234,5\)/,
      ),
    ]);
  });

  it('stops at start-up on an unknown decimal mark, or one set on a workbook', async () => {
    const dir = europeanSample({ file: 'accounts.csv', delimiter: ';', decimal: ' ' });
    const { code, io } = await validate(dir);
    expect(code).toBe(2);
    expect(io.err()).toMatch(
      /CONFIG_INVALID.*inputs\.accounts\.decimal.*must be "\." \(the default\) or ","/s,
    );
    const xlsx = europeanSample({ file: 'accounts.xlsx', decimal: ',' });
    writeFileSync(join(xlsx, 'accounts.xlsx'), '');
    const second = await validate(xlsx);
    expect(second.code).toBe(2);
    expect(second.io.err()).toContain('inputs.accounts.decimal applies only to CSV files');
  });
});
