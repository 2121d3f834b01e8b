import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';
import { repoRoot } from '../loaders/harness.js';

/** What `validate --json` reports. */
interface ValidationJson {
  rejections: Array<{ file: string; row: number; code: string; message: string; column: string | null }>;
  totals: { rejected: number; problems: number };
  notes: string[];
}

/** samples/dirty copied into a temp dir (`edit` may change it first), validated with --json: exit 1 and the report. */
async function validateDirty(
  edit: (dir: string) => void = () => {},
): Promise<{ dir: string; report: ValidationJson }> {
  const dir = makeTempDir('sonar-migrate-dirty-');
  cpSync(join(repoRoot, 'samples', 'dirty'), dir, { recursive: true });
  edit(dir);
  const io = captureIo({ cwd: dir });
  expect(await runCommand(['validate', '--config', 'migration.json', '--json'], io)).toBe(1);
  return { dir, report: JSON.parse(io.out()) as ValidationJson };
}

describe('every problem of a row in one pass', () => {
  it('says on each refused row of the dirty samples which checks could not run on it, and why', async () => {
    const { dir, report } = await validateDirty();
    const notChecked = report.rejections.filter((r) => r.code === 'MAP_NOT_CHECKED');
    expect(
      notChecked.map((r) => [r.file, r.row, r.column, r.message.replace(/^.*?: not checked, /, '')]),
    ).toEqual([
      [
        'next_bill_dates.csv',
        8,
        null,
        'as the row was refused while being read: a duplicate key; its account in the accounts input; a next bill date before today — these run when the fixed row is fed back',
      ],
      [
        'credit_cards.csv',
        3,
        null,
        'as the row was refused while being read: a duplicate key; its account in the accounts input; one auto-pay method per account — these run when the fixed row is fed back',
      ],
      [
        'accounts.csv',
        12,
        null,
        "as the row was refused by MAP_DUPLICATE_KEY: its sub-accounts; the next bill date against the account's bill day; a next bill date before today — these run when the fixed row is fed back",
      ],
      [
        'contacts.csv',
        10,
        null,
        'as the row was refused by MAP_ACCOUNT_NOT_IN_INPUT: one primary contact per account; a portal username unique among the contacts — these run when the fixed row is fed back',
      ],
    ]);
    // Not problems of their own: the counts and the rejected CSVs (which are fed back) leave them out.
    expect(report.totals).toMatchObject({ rejected: 4, problems: 5 });
    const rejectedCsv = readFileSync(join(dir, 'reports', 'contacts.rejected.csv'), 'utf8');
    expect(rejectedCsv).not.toContain('MAP_NOT_CHECKED');
    expect(rejectedCsv.trim().split('\n')).toHaveLength(2);
  });

  it('a next bill date on day 30 is refused and, in the same pass, checked against the bill day', async () => {
    const { report } = await validateDirty();
    const row8 = report.rejections.filter((r) => r.file === 'next_bill_dates.csv' && r.row === 8);
    expect(row8.map((r) => r.code)).toEqual([
      'MAP_INVALID_VALUE',
      'MAP_BILL_DAY_MISMATCH',
      'MAP_NOT_CHECKED',
    ]);
    expect(row8[1]?.message).toBe(
      'next_bill_dates.csv:8 column "B" (Next Bill Date) (legacy next_bill_dates:70008): also, next bill date 2030-03-30 falls on day 30, but account 70008 bills on day 11 (billing_parameters.csv:9) — use a date on day 11, or change the bill day',
    );
    // The checks the refusal kept from running are named on the row, in the same pass (the bill
    // day, checked from the raw cell, is not among them).
    expect(row8[2]?.message).toBe(
      'next_bill_dates.csv:8 (legacy next_bill_dates:70008): not checked, as the row was refused while being read: a duplicate key; its account in the accounts input; a next bill date before today — these run when the fixed row is fed back',
    );
    expect(report.notes).toContain(
      '2 row(s) refused while being read (a bad value, a missing field) were not checked against the other files, except a next bill date against its bill day: each has a MAP_NOT_CHECKED line naming the checks, which run when the fixed row is fed back (README: "Fix and refeed")',
    );
  });

  it('names the column of a raw card number by its header too, for an input read without one', async () => {
    const { report } = await validateDirty();
    expect(report.rejections.find((r) => r.code === 'MAP_RAW_CARD_NUMBER')?.message).toMatch(
      /^credit_cards\.csv:3 column "C" \(Token\) \(legacy /,
    );
  });

  it('names a letter-named column by its header in the cross-file checks too, and keeps the name with the row', async () => {
    const { report } = await validateDirty();
    const orphan = report.rejections.find((r) => r.code === 'MAP_ACCOUNT_NOT_IN_INPUT');
    expect(orphan?.message).toMatch(/^contacts\.csv:10 column "A" \(Account ID\) \(legacy contacts:79999:/);
    expect(orphan?.column).toBe('A');
    // No message of the dirty samples names a column by its letter alone.
    const bare = report.rejections.filter((r) => /column "[A-Z]{1,2}" (?!\()/.test(r.message));
    expect(bare).toEqual([]);
    expect(report.rejections).toHaveLength(9);
  });

  it('hints at a decimal comma when a refused number is written -98,4969', async () => {
    const { report } = await validateDirty((dir) => {
      const accounts = join(dir, 'accounts.csv');
      writeFileSync(accounts, readFileSync(accounts, 'utf8').replace(',-98.4969,', ',"-98,4969",'));
    });
    expect(report.notes).toContain(
      '1 refused cell(s) hold a number with a decimal comma, e.g. accounts.csv:9 column "Physical Longitude" (legacy 70008) "-98,4969": sonar-migrate reads numbers with a decimal point unless told otherwise — set `decimal: ","` on inputs.accounts in the migration file (README: Decimal commas), or export the file with decimal points',
    );
  });
});
