import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/journal/lock.js';
import { writeLoadReports } from '../../src/reports/load-report.js';
import { makeTempDir } from '../helpers/io.js';
import { makeState, stagedRecord } from '../reports/load-report-fixture.js';

/**
 * The same holes as the unit tests' seams, on real filesystems: a read-only mount and a full one
 * (a tiny tmpfs). Mounting needs root (CAP_SYS_ADMIN); elsewhere these tests are skipped.
 */
function tryMount(size: string): string | undefined {
  const dir = makeTempDir('sonar-migrate-mount-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (r.status === 0) return dir;
  rmdirSync(dir);
  return undefined;
}
const probe = tryMount('64k');
if (probe) execFileSync('umount', [probe]);
const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) spawnSync('umount', [dir]);
});

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
}

describe.skipIf(!probe)('on real filesystems', () => {
  it('reports a stale lock on a read-only filesystem as ENV_READ_ONLY_FS, not JOURNAL_LOCKED by a dead pid', () => {
    const dir = tryMount('1m') as string;
    mounted.push(dir);
    const state = join(dir, 'state.db');
    writeFileSync(
      `${state}.lock`,
      JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: 'x', command: 'load' }),
    );
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    expect(() => acquireLock(state)).toThrow(
      expect.objectContaining({ code: 'ENV_READ_ONLY_FS', exitCode: 2 }),
    );
  });

  it('leaves the previous report whole when the disk fills while a new one is written', () => {
    const s = makeState();
    const dir = tryMount('256k') as string;
    mounted.push(dir);
    const big = 'x'.repeat(2_000);
    s.staged.transaction(() => {
      for (let i = 0; i < 60; i += 1)
        s.staged.addRecord(
          stagedRecord('accounts', `${i}`, { 'Account ID': `${i}`, Notes: big }, { line: i + 2 }),
        );
    });
    for (let i = 0; i < 60; i += 1)
      s.journal.markFailed(
        'accounts',
        `${i}`,
        { code: 'SONAR_TERMINAL', message: 'no' },
        { accountKey: `${i}`, fingerprint: 'f' },
      );
    writeLoadReports({ reports: dir }, s.db);
    const before = readFileSync(join(dir, 'accounts.failed.csv'), 'utf8');
    // Fill the disk, leaving room for less than one more copy of the report.
    writeFileSync(join(dir, 'filler'), Buffer.alloc(256 * 1024 - before.length - 40 * 1024));
    for (let i = 0; i < 60; i += 1)
      s.journal.markFailed(
        'accounts',
        `${i}`,
        { code: 'SONAR_TERMINAL', message: 'no, again' },
        { accountKey: `${i}`, fingerprint: 'f' },
      );
    expect(() => writeLoadReports({ reports: dir }, s.db)).toThrow(
      expect.objectContaining({ code: 'ENV_DISK_FULL', exitCode: 2 }),
    );
    expect(readFileSync(join(dir, 'accounts.failed.csv'), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
