import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';
import { repoRoot } from '../loaders/harness.js';

/** A copy of samples/dirty, validated once so its reports/<input>.rejected.csv files exist. */
async function validatedDirty(): Promise<string> {
  const dir = makeTempDir('sonar-migrate-refeed-');
  cpSync(join(repoRoot, 'samples', 'dirty'), dir, { recursive: true });
  expect((await validate(dir)).code).toBe(1);
  return dir;
}

async function validate(dir: string) {
  const io = captureIo({ cwd: dir });
  const code = await runCommand(['validate', '--config', 'migration.json'], io);
  return { code, out: io.out(), err: io.err() };
}

/** Writes `fixed/<input>.csv`: the rejected CSV with `fix` applied to its text, as an operator would. */
function fixRejected(dir: string, input: string, fix: (text: string) => string, dropUnderscore = false) {
  mkdirSync(join(dir, 'fixed'), { recursive: true });
  // One line per problem: the operator keeps one copy of each row (the first, here).
  const seen = new Set<string>();
  const lines = readFileSync(join(dir, 'reports', `${input}.rejected.csv`), 'utf8')
    .split('\n')
    .filter((line) => {
      const origin = /,([a-z_]+\.csv),,(\d+),/.exec(line)?.slice(1).join(':');
      if (origin === undefined) return true;
      if (seen.has(origin)) return false;
      seen.add(origin);
      return true;
    });
  let text = fix(lines.join('\n'));
  if (dropUnderscore) {
    text = text
      .split('\n')
      .map((line) =>
        line.replace(/,(accounts|next_bill_dates|contacts)\.csv,.*$/, '').replace(/,_file,.*$/, ''),
      )
      .join('\n');
  }
  writeFileSync(join(dir, 'fixed', `${input}.csv`), text);
}

/** Adds `fixed/<input>.csv` as a second file of each input in migration.json. */
function feedBack(dir: string, inputs: string[]) {
  const path = join(dir, 'migration.json');
  const config = JSON.parse(readFileSync(path, 'utf8')) as { inputs: Record<string, unknown> };
  for (const input of inputs) config.inputs[input] = [config.inputs[input], `fixed/${input}.csv`];
  writeFileSync(path, JSON.stringify(config, null, 2));
}

function tableRow(out: string, input: string): string[] | undefined {
  return out
    .split('\n')
    .find((l) => l.startsWith(`${input} `))
    ?.split(/\s{2,}/);
}

describe('feeding fixed rejected CSVs back', () => {
  it('replaces the rejected row it came from, even when the fix changed its key, and counts it once', async () => {
    const dir = await validatedDirty();
    fixRejected(dir, 'accounts', (t) => t.replace('\n70004,Rupert Botsford', '\n70044,Rupert Botsford'));
    feedBack(dir, ['accounts']);
    const r = await validate(dir);
    expect(tableRow(r.out, 'accounts')).toEqual([
      'accounts',
      'accounts.csv + fixed/accounts.csv',
      '25',
      '25',
      '0',
    ]);
    expect(r.out).not.toContain('MAP_DUPLICATE_KEY');
    expect(readFileSync(join(dir, 'reports', 'validation.json'), 'utf8')).not.toContain('"accounts.csv"');
  });

  it('checks a fed-back row across files: a fixed date on the wrong bill day is still rejected', async () => {
    const dir = await validatedDirty();
    fixRejected(dir, 'next_bill_dates', (t) => t.replace('2030-03-30', '2030-03-28'));
    feedBack(dir, ['next_bill_dates']);
    const r = await validate(dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'MAP_BILL_DAY_MISMATCH: fixed/next_bill_dates.csv:2 column "Next Bill Date" (legacy next_bill_dates:70008): next bill date 2030-03-28 falls on day 28, but account 70008 bills on day 11 (billing_parameters.csv:9) — use a date on day 11, or change the bill day',
    );
    expect(tableRow(r.out, 'next_bill_dates')).toEqual([
      'next_bill_dates',
      'next_bill_dates.csv + fixed/next_bill_dates.csv',
      '24',
      '23',
      '1',
    ]);
    // The new rejected CSV holds the fed-back row once, with the input's own columns and ours.
    const rejected = readFileSync(join(dir, 'reports', 'next_bill_dates.rejected.csv'), 'utf8');
    expect(rejected.replace(/^\uFEFF/, '').split('\n')[0]).toBe(
      'Account ID,Next Bill Date,_file,_sheet,_row,_column,_code,_error',
    );
    expect(rejected).toContain(
      '70008,2030-03-28,fixed/next_bill_dates.csv,,2,Next Bill Date,MAP_BILL_DAY_MISMATCH,',
    );
  });

  it('replaces by legacy key when the _ columns were dropped; a right fix leaves nothing rejected', async () => {
    const dir = await validatedDirty();
    fixRejected(dir, 'next_bill_dates', (t) => t.replace('2030-03-30', '2030-03-11'), true);
    feedBack(dir, ['next_bill_dates']);
    const r = await validate(dir);
    expect(tableRow(r.out, 'next_bill_dates')).toEqual([
      'next_bill_dates',
      'next_bill_dates.csv + fixed/next_bill_dates.csv',
      '24',
      '24',
      '0',
    ]);
  });
});
