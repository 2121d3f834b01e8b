import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { rejectionColumns } from '../../src/reports/rejections-csv.js';
import {
  accountRow,
  accountsHeader,
  contactRow,
  csv,
  migrationJson,
  writeFixture,
} from '../cli/validate-fixtures.js';
import { captureIo } from '../helpers/io.js';

const validate = async (dir: string) => {
  const io = captureIo({ cwd: dir });
  return { code: await runCommand(['validate', '--config', 'migration.json'], io), out: io.out() };
};

/** Reads a rejected CSV, applies `fix` to each line's cells, and drops the `_` columns. */
function fixRejected(path: string, fix: (cells: string[]) => string[]): string[][] {
  const rows = parse(readFileSync(path, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
  const width = (rows[0]?.length ?? 0) - rejectionColumns.length;
  return rows.map((row, i) => (i === 0 ? row.slice(0, width) : fix(row.slice(0, width))));
}

describe('a fixed rejected CSV re-feeds as its input', () => {
  it('validates clean once the cells are fixed and the _ columns dropped (with a header row)', async () => {
    const dir = writeFixture({
      'migration.json': migrationJson(['accounts']),
      'accounts.csv': csv([
        accountsHeader,
        accountRow(101),
        accountRow(102, { 'Account Type ID': 'residential' }),
      ]),
    });
    expect((await validate(dir)).code).toBe(1);
    const fixed = fixRejected(join(dir, 'reports', 'accounts.rejected.csv'), (cells) =>
      cells.map((cell, i) => (accountsHeader[i] === 'Account Type ID' ? '1' : cell)),
    );
    expect(fixed).toHaveLength(2);
    const again = writeFixture({
      'migration.json': migrationJson(['accounts']),
      'accounts.csv': stringify(fixed),
    });
    const { code, out } = await validate(again);
    expect(code).toBe(0);
    expect(out).toMatch(/accounts\s+accounts\.csv\s+1\s+1\s+0/);
  });

  it('validates clean for an input written without a header row (the layout names are added and detected)', async () => {
    const dir = writeFixture({
      'migration.json': migrationJson(['accounts', 'contacts']),
      'accounts.csv': csv([accountsHeader, accountRow(101)]),
      'contacts.csv': csv([contactRow(101, 'Ann Lee'), contactRow(108, 'Bo Diaz')]),
    });
    expect((await validate(dir)).code).toBe(1);
    const fixed = fixRejected(join(dir, 'reports', 'contacts.rejected.csv'), (cells) => [
      '101',
      ...cells.slice(1),
    ]);
    expect(fixed[0]?.[0]).toBe('Account ID');
    const again = writeFixture({
      'migration.json': migrationJson(['accounts', 'contacts']),
      'accounts.csv': csv([accountsHeader, accountRow(101)]),
      'contacts.csv': stringify(fixed),
    });
    const { code, out } = await validate(again);
    expect(code).toBe(0);
    expect(out).toMatch(/contacts\s+contacts\.csv\s+1\s+1\s+0/);
  });
});

describe('rejected CSV of a dirty input', () => {
  it('keeps the row as written, so only the named cell needs fixing', async () => {
    const dir = writeFixture({
      'migration.json': migrationJson(['accounts']),
      'accounts.csv': csv([accountsHeader, accountRow(101), accountRow(101, { Name: 'Zoë, "Z" Brontë' })]),
    });
    await validate(dir);
    const rows = parse(readFileSync(join(dir, 'reports', 'accounts.rejected.csv'), 'utf8'), {
      bom: true,
    }) as string[][];
    expect(rows[1]?.[1]).toBe('Zoë, "Z" Brontë');
    expect(rows[1]?.slice(-4, -1)).toEqual(['3', 'ID', 'MAP_DUPLICATE_KEY']);
  });
});
