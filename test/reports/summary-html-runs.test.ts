import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLoadReports } from '../../src/reports/load-report.js';
import { formatRunOptions } from '../../src/reports/summary-html.js';
import {
  cloneSample,
  loadOnce,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
} from '../loaders/harness.js';

const template = stagedTemplate();

/** The <tr> of run `id` in summary.html's Runs table. */
function runRow(html: string, id: number): string {
  const runs = html.slice(html.indexOf('<h2>Runs</h2>'));
  const row = runs.match(new RegExp(`<tr><td>${id}</td>.*?</tr>`))?.[0];
  if (!row) throw new Error(`no row for run ${id} in the Runs table`);
  return row;
}

/** The text of each cell of a row, tags dropped. */
function cells(row: string): string[] {
  return [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, ''));
}

describe("summary.html's Runs table", () => {
  it("names each run's options and its failed, skipped and rejected counts", async () => {
    const sim = await startTestSimulator({
      faults: {
        scripted: [
          {
            kind: 'fail',
            method: 'POST',
            pattern: '/accounts/:account_id/contacts',
            status: 422,
            message: 'refused once',
          },
        ],
      },
    });
    try {
      const sample = cloneSample(template());
      // Run 1: accounts only, for two accounts: nothing fails.
      await loadOnce(sample, sim, { accounts: new Set(['10048', '10072']), only: ['accounts'] });
      // Run 2: every step of the small scope: one contact is refused.
      const second = await loadOnce(sample, sim, { accounts: smallAccounts });
      expect(second.steps.reduce((n, s) => n + s.failed, 0)).toBe(1);
      // Run 3: two rows rejected by validation meanwhile (one with two problems), the failure retried.
      // Rows of an account outside the scope, so the rejections change nothing the run sends.
      const source = [...sample.staged.valid('accounts')].find(
        (r) => !smallAccounts.has(r.legacyKey),
      )?.source;
      if (!source) throw new Error('the sample stages accounts');
      const other = { ...source, provenance: { ...source.provenance, row: 9999 } };
      sample.staged.addRejection({ code: 'MAP_FIELD_DROPPED', message: 'a <bad> & row', source });
      sample.staged.addRejection({ code: 'MAP_FIELD_DROPPED', message: 'same row again', source });
      sample.staged.addRejection({ code: 'MAP_FIELD_DROPPED', message: 'another row', source: other });
      await loadOnce(sample, sim, { accounts: smallAccounts, retryFailed: true, prorate: true });

      const reports = join(sample.dir, 'reports');
      writeLoadReports({ reports }, sample.db);
      const html = readFileSync(join(reports, 'summary.html'), 'utf8');
      const [one, two, three] = [1, 2, 3].map((id) => cells(runRow(html, id)));
      // Run, Command, Options, Started, Finished, Duration, Failed, Skipped, Rejected
      expect(one?.slice(0, 3)).toEqual(['1', 'load', '--only accounts --accounts 10048,10072']);
      expect(one?.slice(6)).toEqual(['0', '0', '0']);
      expect(two?.slice(0, 3)).toEqual([
        '2',
        'load',
        `--accounts ${[...smallAccounts].slice(0, 5).join(',')} … (6 accounts)`,
      ]);
      expect(two?.slice(6)).toEqual(['1', String(second.steps.reduce((n, s) => n + s.skipped, 0)), '0']);
      expect(three?.[2]).toBe(
        `--accounts ${[...smallAccounts].slice(0, 5).join(',')} … (6 accounts) --retry-failed prorate`,
      );
      expect(three?.slice(6)).toEqual(['0', '0', '2']);
      // A failure count is flagged, and the rejection messages never leak into the table unescaped.
      expect(runRow(html, 2)).toContain('<td class="alert">1</td>');
      expect(html).not.toContain('<bad>');
    } finally {
      await sim.close();
    }
  });

  it('shows a run recorded before options were kept as unknown, and one with none as defaults', () => {
    expect(formatRunOptions(null)).toBe('—');
    expect(formatRunOptions({})).toBe('defaults');
    expect(formatRunOptions({ only: ['accounts', 'contacts'], retryFailed: true })).toBe(
      '--only accounts,contacts --retry-failed',
    );
  });
});
