import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { writeFailedCsv } from '../../src/reports/load-csv.js';
import { summarizeLoad } from '../../src/reports/load-summary.js';
import { makeState, stagedRecord } from './load-report-fixture.js';

const meta = (accountKey: string | null) => ({ accountKey, fingerprint: 'f' });

/** Four accounts: one loaded, one left in flight, one loaded twice in Sonar, one failed. */
function state() {
  const s = makeState();
  s.staged.transaction(() => {
    for (const [key, line] of [
      ['1001', 2],
      ['1002', 3],
      ['1003', 4],
      ['1004', 5],
    ] as const)
      s.staged.addRecord(stagedRecord('accounts', key, { 'Account ID': key, Name: `N${key}` }, { line }));
  });
  s.journal.markLoaded('accounts', '1001', { sonarId: '1' }, meta(null));
  s.journal.markInFlight('accounts', '1002', meta(null));
  s.journal.markLoaded('accounts', '1003', { sonarId: '3' }, meta(null));
  s.journal.noteError('accounts', '1003', { code: 'SONAR_DUPLICATE', message: 'held twice (ids 3 and 9)' });
  s.journal.markFailed('accounts', '1004', { code: 'SONAR_TERMINAL', message: 'refused' }, meta(null));
  return s;
}

describe('failed reports hold every record that is not plainly loaded', () => {
  it('lists a record left in flight as unknown, to be looked up on the next run, and a duplicate with its ids', () => {
    const s = state();
    const path = join(s.dir, 'accounts.failed.csv');
    expect(writeFailedCsv(s.journal, s.staged, 'accounts', path)).toEqual({ rows: 3, unmatched: 0 });
    const rows = parse(readFileSync(path, 'utf8'), { bom: true }) as string[][];
    expect(rows).toEqual([
      ['Account ID', 'Name', '_code', '_error'],
      [
        '1002',
        'N1002',
        'JOURNAL_UNSETTLED',
        'unknown: will be looked up on the next run (it was sent, and no answer said whether it landed)',
      ],
      ['1003', 'N1003', 'SONAR_DUPLICATE', 'held twice (ids 3 and 9)'],
      ['1004', 'N1004', 'SONAR_TERMINAL', 'refused'],
    ]);
  });

  it('groups them in the summary too, by state and code', () => {
    const s = state();
    const groups = summarizeLoad(s.journal, s.staged).failures.map((f) => [f.state, f.code, f.count]);
    expect(groups.sort()).toEqual([
      ['failed', 'SONAR_TERMINAL', 1],
      ['in_flight', 'JOURNAL_UNSETTLED', 1],
      ['loaded', 'SONAR_DUPLICATE', 1],
    ]);
  });
});
