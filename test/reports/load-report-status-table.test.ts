import { describe, expect, it } from 'vitest';
import { type StepCounts, summarizeLoad } from '../../src/reports/load-summary.js';
import { formatStatusTable } from '../../src/reports/status-table.js';
import { escapeHtml, formatDuration } from '../../src/reports/summary-html.js';
import { makeState, stagedRecord } from './load-report-fixture.js';

const zero = {
  staged: 0,
  rejected: 0,
  pending: 0,
  in_flight: 0,
  loaded: 0,
  adopted: 0,
  failed: 0,
  skipped: 0,
  rolled_back: 0,
};

describe('formatStatusTable', () => {
  it('lists only steps with records, aligned, with a total line', () => {
    const steps: StepCounts[] = [
      { step: 'radius_groups', ...zero },
      { step: 'accounts', ...zero, staged: 120, loaded: 118, failed: 2 },
      { step: 'contacts', ...zero, staged: 7, loaded: 5, skipped: 2 },
    ];
    const lines = formatStatusTable(steps).trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^step\s+staged\s+rejected\s+pending\s+in flight\s+loaded\s+failed\s+skipped\s+rolled back$/,
    );
    expect(lines.some((l) => l.startsWith('radius_groups'))).toBe(false);
    expect(lines.find((l) => l.startsWith('accounts'))?.split(/\s+/)).toEqual([
      'accounts',
      '120',
      '0',
      '0',
      '0',
      '118',
      '2',
      '0',
      '0',
    ]);
    expect(lines.at(-1)?.split(/\s+/)).toEqual(['total', '127', '0', '0', '0', '123', '2', '2', '0']);
    // Right-aligned numbers: every line of the table is as wide as the header.
    const width = lines[0]?.length;
    expect(lines.filter((l) => !l.startsWith('-')).every((l) => l.length === width)).toBe(true);
  });

  it('says what to do when nothing has been staged yet', () => {
    const s = makeState();
    expect(formatStatusTable(summarizeLoad(s.journal, s.staged).steps)).toContain(
      'run `validate`, `plan` or `load` first',
    );
  });

  it('counts each staged record in one column: never tried as pending, rolled back as rolled back', () => {
    const s = makeState();
    for (const key of ['1', '2', '3']) s.staged.addRecord(stagedRecord('accounts', key, { ID: key }));
    s.journal.markLoaded('accounts', '1', { sonarId: '1' }, { accountKey: '1', fingerprint: 'f' });
    s.journal.markLoaded('accounts', '2', { sonarId: '2' }, { accountKey: '2', fingerprint: 'f' });
    s.journal.markRolledBack('accounts', '2');
    const accounts = summarizeLoad(s.journal, s.staged).steps.find((x) => x.step === 'accounts');
    expect(accounts).toMatchObject({ staged: 3, loaded: 1, rolled_back: 1, pending: 1 });
  });
});

describe('summary helpers', () => {
  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x">O'Brien & Sons</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; Sons&lt;/a&gt;',
    );
  });

  it('formats durations for a reader, and an unfinished run as such', () => {
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatDuration(null)).toBe('unfinished');
  });
});
