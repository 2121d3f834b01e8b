import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { writeLoadReports } from '../../src/reports/load-report.js';
import { writeRejectedCsvs } from '../../src/reports/rejections-csv.js';
import { neutraliseCell, readCsvRows, restoreCell } from '../../src/sources/index.js';
import { makeTempDir } from '../helpers/io.js';
import { makeState, stagedRecord } from './load-report-fixture.js';

// OWASP's examples, a negative amount, and values that already begin with a quote.
const dangerous = [
  '=HYPERLINK("http://x","y")',
  "-2+3+cmd|' /C calc'!A0",
  '-12.50',
  '+1 555 0100',
  '@SUM(A1:A2)',
  '\tTabbed',
  '\rReturn',
  "'quoted",
  "'=already",
];

async function readBack(path: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readCsvRows({ path, displayName: path })) rows.push(row.values);
  return rows;
}

describe('formula-leading cells', () => {
  it('are written with a single quote in front, and read back as they were', () => {
    for (const value of dangerous) {
      expect(neutraliseCell(value)).toBe(`'${value}`);
      expect(restoreCell(neutraliseCell(value))).toBe(value);
    }
    for (const value of ['Ann', '12.50', 'a=b', "O'Brien", '']) {
      expect(neutraliseCell(value)).toBe(value);
      expect(restoreCell(value)).toBe(value);
    }
  });

  it('never reach a failed CSV raw, whose rows re-feed with their original values', async () => {
    const s = makeState();
    const row = Object.fromEntries(dangerous.map((v, i) => [`C${i}`, v]));
    s.staged.transaction(() => {
      s.staged.addRecord(stagedRecord('accounts', '1001', { 'Account ID': '1001', ...row }));
    });
    s.journal.markFailed(
      'accounts',
      '1001',
      { code: 'SONAR_TERMINAL', message: '=cmd|said Sonar' },
      { accountKey: '1001', fingerprint: 'f' },
    );
    const reports = join(s.dir, 'reports');
    writeLoadReports({ reports }, s.db);
    const path = join(reports, 'accounts.failed.csv');
    const raw = parse(readFileSync(path, 'utf8'), { bom: true }) as string[][];
    for (const cell of raw.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(raw[1]?.slice(1, 1 + dangerous.length)).toEqual(dangerous.map((v) => `'${v}`));
    const back = await readBack(path);
    expect(back[1]).toEqual([
      '1001',
      ...dangerous,
      'SONAR_TERMINAL',
      expect.stringContaining('=cmd|said Sonar'),
    ]);
  });

  it('never reach a rejected CSV raw; fed back under another name, its _error column marks it as ours', async () => {
    const s = makeState();
    const rejected = stagedRecord('accounts', '1001', {
      'Account ID': '1001',
      Balance: '-12.50',
      Name: '=1+1',
    });
    s.staged.addRejection({ code: 'MAP_INVALID_VALUE', message: 'bad', source: rejected.source });
    const reports = join(s.dir, 'reports');
    const [file] = writeRejectedCsvs(s.staged, reports);
    const text = readFileSync(file?.path ?? '', 'utf8');
    expect(text).toContain("'-12.50,'=1+1");
    const copy = join(makeTempDir(), 'accounts.csv');
    writeFileSync(copy, text);
    const back = await readBack(copy);
    expect(back[1]?.slice(0, 3)).toEqual(['1001', '-12.50', '=1+1']);
  });

  it('read back from a fixed report renamed and stripped of its _ columns (the documented re-feed)', async () => {
    const path = join(makeTempDir(), 'accounts.csv');
    writeFileSync(path, "Account ID,Longitude,Name\n1001,'-87.988,'=1+1\n");
    expect((await readBack(path))[1]).toEqual(['1001', '-87.988', '=1+1']);
  });

  it('keep a doubled leading quote in an input the tool did not write', async () => {
    const path = join(makeTempDir(), 'accounts.csv');
    writeFileSync(path, "Account ID,Name\n1001,''as exported\n");
    expect((await readBack(path))[1]).toEqual(['1001', "''as exported"]);
    expect(restoreCell("''as exported", false)).toBe("''as exported");
    expect(restoreCell("''as exported", true)).toBe("'as exported");
  });
});
