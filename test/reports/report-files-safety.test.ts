import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnvironmentError } from '../../src/errors/index.js';
import { writeLoadReports } from '../../src/reports/load-report.js';
import { ensureReportsDir, ReportFile, reportFs } from '../../src/reports/report-file.js';
import { makeTempDir } from '../helpers/io.js';
import { makeState, stagedRecord } from './load-report-fixture.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A state with one loaded and one failed account. */
function stateWithFailure() {
  const s = makeState();
  s.staged.transaction(() => {
    s.staged.addRecord(stagedRecord('accounts', '1001', { 'Account ID': '1001', Name: 'Ann' }, { line: 2 }));
    s.staged.addRecord(stagedRecord('accounts', '1002', { 'Account ID': '1002', Name: 'Bob' }, { line: 3 }));
  });
  s.journal.markLoaded('accounts', '1001', { sonarId: '5001' }, { accountKey: '1001', fingerprint: 'f' });
  s.journal.markFailed(
    'accounts',
    '1002',
    { code: 'SONAR_TERMINAL', message: 'refused' },
    { accountKey: '1002', fingerprint: 'f' },
  );
  return s;
}

describe('reports on a full disk', () => {
  it('leave the previous report whole and no temporary file when a write fails with ENOSPC halfway', () => {
    const s = stateWithFailure();
    const reports = join(s.dir, 'reports');
    writeLoadReports({ reports }, s.db);
    const before = readFileSync(join(reports, 'accounts.loaded.csv'), 'utf8');
    const files = readdirSync(reports).sort();
    s.journal.markLoaded('accounts', '1002', { sonarId: '5002' }, { accountKey: '1002', fingerprint: 'f' });
    const write = reportFs.writeSync;
    vi.spyOn(reportFs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset = 0) => {
      // The disk fills during this write: a few bytes land, then ENOSPC.
      if (offset === 0 && buffer.length > 8) return write(fd, buffer, 0, 4);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as typeof reportFs.writeSync);
    let caught: unknown;
    try {
      writeLoadReports({ reports }, s.db);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect(caught).toMatchObject({ code: 'ENV_DISK_FULL', exitCode: 2 });
    expect((caught as Error).message).toContain('free space');
    expect(readFileSync(join(reports, 'accounts.loaded.csv'), 'utf8')).toBe(before);
    expect(readdirSync(reports).sort()).toEqual(files);
  });

  it('write everything a short write left out (a write that returns fewer bytes is carried on)', () => {
    const dir = makeTempDir();
    const write = reportFs.writeSync;
    // Every write lands at most 3 bytes, as a write to a nearly full or slow device may.
    vi.spyOn(reportFs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset: number) =>
      write(fd, buffer, offset, Math.min(3, buffer.length - offset))) as typeof reportFs.writeSync);
    const text = 'legacy_key,sonar_id\n1001,5001\n'.repeat(50);
    const file = new ReportFile(join(dir, 'x.csv'));
    file.write(text);
    file.commit();
    expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toBe(text);
  });
});

describe('reports are private', () => {
  it('creates the reports folder 0700 and every report 0600', () => {
    const s = stateWithFailure();
    const reports = join(s.dir, 'out', 'reports');
    const result = writeLoadReports({ reports }, s.db);
    expect(statSync(reports).mode & 0o777).toBe(0o700);
    expect(result.files.map((f) => [f.slice(reports.length + 1), statSync(f).mode & 0o777])).toEqual([
      ['accounts.loaded.csv', 0o600],
      ['accounts.failed.csv', 0o600],
      ['summary.json', 0o600],
      ['summary.html', 0o600],
    ]);
  });
});

describe('ensureReportsDir', () => {
  it('refuses a reports path that is a file, with its own code, before anything is written', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'reports'), 'not a folder');
    expect(() => ensureReportsDir(join(dir, 'reports'))).toThrow(
      expect.objectContaining({ code: 'ENV_REPORTS_UNWRITABLE', exitCode: 2 }),
    );
    expect(() => ensureReportsDir(join(dir, 'reports', 'inner'))).toThrow(
      expect.objectContaining({ code: 'ENV_REPORTS_UNWRITABLE' }),
    );
  });

  it('creates a missing folder and leaves nothing in it', () => {
    const dir = join(makeTempDir(), 'a', 'b');
    ensureReportsDir(dir);
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});
