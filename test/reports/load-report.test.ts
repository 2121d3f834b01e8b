import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sonarImporterProfile } from '../../src/mappers/profiles/index.js';
import { failedCsvInputs, writeLoadReports } from '../../src/reports/load-report.js';
import type { LoadSummary } from '../../src/reports/load-summary.js';
import { makeState, stagedRecord } from './load-report-fixture.js';

const meta = (accountKey: string | null) => ({ accountKey, fingerprint: 'f' });

/** Two accounts loaded (one adopted), one failed, its contact skipped, one pending. */
function sampleState() {
  const s = makeState();
  s.staged.transaction(() => {
    s.staged.addRecord(stagedRecord('accounts', '1001', { 'Account ID': '1001', Name: 'Ann' }, { line: 2 }));
    s.staged.addRecord(stagedRecord('accounts', '1002', { 'Account ID': '1002', Name: 'Bob' }, { line: 3 }));
    s.staged.addRecord(
      stagedRecord('accounts', '1003', { 'Account ID': '1003', Name: 'Tom & <Jerry>' }, { line: 4 }),
    );
    s.staged.addRecord(stagedRecord('accounts', '1004', { 'Account ID': '1004', Name: 'Dee' }, { line: 5 }));
    s.staged.addRecord(
      stagedRecord(
        'contacts',
        'contacts:1003:Jerry',
        { Account: '1003', Contact: 'Jerry' },
        { accountKey: '1003', line: 2 },
      ),
    );
    // A row with two problems is one rejected row.
    const rejectedRow = stagedRecord('accounts', '1005', { 'Account ID': '1005', Name: '' }, { line: 6 });
    s.staged.addRejection({
      code: 'CONFIG_INVALID',
      message: 'accounts.csv:6 name blank',
      source: rejectedRow.source,
    });
    s.staged.addRejection({
      code: 'CONFIG_INVALID',
      message: 'accounts.csv:6 zip blank',
      source: rejectedRow.source,
    });
  });
  const run = s.journal.startRun('load');
  s.journal.markInFlight('accounts', '1001', meta('1001'));
  s.journal.markLoaded('accounts', '1001', { sonarId: '501', sonarRef: { accountId: 501 } });
  s.journal.markLoaded('accounts', '1002', { sonarId: '1002', adopted: true }, meta('1002'));
  s.journal.markInFlight('accounts', '1003', meta('1003'));
  s.journal.markFailed('accounts', '1003', {
    code: 'SONAR_TERMINAL',
    message: 'POST /accounts: Sonar answered 422: name "Tom & <Jerry>" is invalid — fix it.',
  });
  s.journal.markSkipped(
    'contacts',
    'contacts:1003:Jerry',
    'account 1003 failed (accounts.csv:4): fix it first',
  );
  s.journal.finishRun(run, { interrupted: false });
  return s;
}

describe('writeLoadReports', () => {
  it('writes <step>.loaded.csv mapping each legacy key to its Sonar id, adopted ones flagged', () => {
    const s = sampleState();
    const reports = join(s.dir, 'reports');
    const result = writeLoadReports({ reports }, s.db);
    const rows = parse(readFileSync(join(reports, 'accounts.loaded.csv'), 'utf8'), { bom: true });
    expect(rows).toEqual([
      ['legacy_key', 'account_key', 'sonar_id', 'adopted'],
      ['1001', '1001', '501', '0'],
      ['1002', '1002', '1002', '1'],
    ]);
    expect(result.files).toContain(join(reports, 'accounts.loaded.csv'));
    expect(existsSync(join(reports, 'contacts.loaded.csv'))).toBe(false);
  });

  it('writes <step>.failed.csv with the input columns then _code and _error, failed and skipped rows', () => {
    const s = sampleState();
    const reports = join(s.dir, 'reports');
    writeLoadReports({ reports }, s.db);
    const accounts = parse(readFileSync(join(reports, 'accounts.failed.csv'), 'utf8'), {
      columns: true,
      bom: true,
    });
    expect(accounts).toEqual([
      {
        'Account ID': '1003',
        Name: 'Tom & <Jerry>',
        _code: 'SONAR_TERMINAL',
        _error: 'POST /accounts: Sonar answered 422: name "Tom & <Jerry>" is invalid — fix it.',
      },
    ]);
    const contacts = parse(readFileSync(join(reports, 'contacts.failed.csv'), 'utf8'), {
      columns: true,
      bom: true,
    });
    expect(contacts).toEqual([
      {
        Account: '1003',
        Contact: 'Jerry',
        _code: 'JOURNAL_SKIPPED',
        _error: 'account 1003 failed (accounts.csv:4): fix it first',
      },
    ]);
  });

  it('writes a failed CSV that is the original input once the _ columns are dropped', () => {
    const s = sampleState();
    const reports = join(s.dir, 'reports');
    writeLoadReports({ reports }, s.db);
    const rows: string[][] = parse(readFileSync(join(reports, 'accounts.failed.csv'), 'utf8'), { bom: true });
    const withoutExtras = rows.map((r) => r.slice(0, -2));
    expect(withoutExtras).toEqual([
      ['Account ID', 'Name'],
      ['1003', 'Tom & <Jerry>'],
    ]);
  });

  it('masks a payment token in a failed row to its last 4 characters', () => {
    const s = makeState();
    const token = 'tok_4f9a8b7c6d5e';
    s.staged.addRecord(
      stagedRecord(
        'credit_cards',
        'cc:1001',
        { Account: '1001', Token: token, Name: 'Ann' },
        { accountKey: '1001', payload: { token, name_on_account: 'Ann' } },
      ),
    );
    s.journal.markFailed(
      'credit_cards',
      'cc:1001',
      { code: 'SONAR_TERMINAL', message: 'refused' },
      meta('1001'),
    );
    const reports = join(s.dir, 'reports');
    writeLoadReports({ reports }, s.db);
    const text = readFileSync(join(reports, 'credit_cards.failed.csv'), 'utf8');
    expect(text).not.toContain(token);
    expect(parse(text, { columns: true, bom: true })[0]).toMatchObject({ Account: '1001', Token: '…6d5e' });
  });

  it('summarizes counts per step, failures by reason and the duration of runs in summary.json', () => {
    const s = sampleState();
    const reports = join(s.dir, 'reports');
    writeLoadReports({ reports }, s.db);
    const summary = JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as LoadSummary;
    expect(summary.steps.find((x) => x.step === 'accounts')).toEqual({
      step: 'accounts',
      staged: 4,
      rejected: 1,
      pending: 1,
      in_flight: 0,
      loaded: 2,
      adopted: 1,
      failed: 1,
      skipped: 0,
      rolled_back: 0,
    });
    expect(summary.totals).toMatchObject({ staged: 5, loaded: 2, failed: 1, skipped: 1, rejected: 1 });
    expect(summary.failures.map((f) => [f.step, f.state, f.code, f.count])).toEqual([
      ['accounts', 'failed', 'SONAR_TERMINAL', 1],
      ['contacts', 'skipped', 'JOURNAL_SKIPPED', 1],
    ]);
    expect(summary.runs).toHaveLength(1);
    expect(summary.runs[0]).toMatchObject({ command: 'load', interrupted: false });
    expect(summary.runs[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('writes a self-contained summary.html with every name escaped', () => {
    const s = sampleState();
    const reports = join(s.dir, 'reports');
    writeLoadReports({ reports }, s.db);
    const html = readFileSync(join(reports, 'summary.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('name &quot;Tom &amp; &lt;Jerry&gt;&quot; is invalid');
    expect(html).not.toContain('<Jerry>');
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
    expect(html).toContain('<style>');
    expect(html).toMatch(/<td>accounts<\/td><td>4<\/td>/);
  });

  it('removes a stale failed CSV once the step has no failures left', () => {
    const s = sampleState();
    const reports = join(s.dir, 'reports');
    writeLoadReports({ reports }, s.db);
    expect(existsSync(join(reports, 'accounts.failed.csv'))).toBe(true);
    s.journal.markLoaded('accounts', '1003', { sonarId: '503' });
    s.journal.markLoaded('contacts', 'contacts:1003:Jerry', { sonarId: '9' });
    const result = writeLoadReports({ reports }, s.db);
    expect(existsSync(join(reports, 'accounts.failed.csv'))).toBe(false);
    expect(existsSync(join(reports, 'contacts.failed.csv'))).toBe(false);
    expect(result.summary.failures).toEqual([]);
  });

  it('gives the failed CSV of a headerless input the header names the profile detects, so it re-feeds', () => {
    const s = makeState();
    const row = stagedRecord(
      'services',
      'services:10001:1',
      { A: '10001', B: '1', C: '' },
      { accountKey: '10001' },
    );
    s.staged.addRecord(row);
    s.journal.markFailed(
      'services',
      row.legacyKey,
      { code: 'SONAR_TERMINAL', message: 'refused' },
      meta('10001'),
    );
    const reports = join(s.dir, 'reports');
    const inputs = failedCsvInputs({ inputs: {} }, sonarImporterProfile);
    writeLoadReports({ reports }, s.db, { inputs });
    const header =
      (sonarImporterProfile.inputs.services?.header as { detect: string[] } | undefined)?.detect ?? [];
    const rows: string[][] = parse(readFileSync(join(reports, 'services.failed.csv'), 'utf8'), { bom: true });
    expect(rows[0]).toEqual([...header.slice(0, 3), '_code', '_error']);
    expect(rows[1]).toEqual(['10001', '1', '', 'SONAR_TERMINAL', 'refused']);
    writeLoadReports({ reports }, s.db, { inputs: { services: { headerNames: null } } });
    const bare: string[][] = parse(readFileSync(join(reports, 'services.failed.csv'), 'utf8'), { bom: true });
    expect(bare).toEqual([['10001', '1', '', 'SONAR_TERMINAL', 'refused']]);
  });
});
