import { chmodSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { environmentErrorOf } from '../../src/errors/index.js';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { makeTempDir } from '../helpers/io.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the state file is private', () => {
  it('is created 0600, and so are its -wal and -shm files', () => {
    const path = join(makeTempDir(), 'state.db');
    const db = openStateDb(path);
    new Journal(db).markInFlight('accounts', '1001', { accountKey: '1001', fingerprint: 'f' });
    expect([modeOf(path), modeOf(`${path}-wal`), modeOf(`${path}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    db.close();
  });

  it('is tightened when others could read it, with a warning that says why', () => {
    const path = join(makeTempDir(), 'state.db');
    openStateDb(path).close();
    chmodSync(path, 0o644);
    const warnings: string[] = [];
    const db = openStateDb(path, { onWarning: (m) => warnings.push(m) });
    db.close();
    expect(modeOf(path)).toBe(0o600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${path} (was 0644)`);
    expect(warnings[0]).toContain('payment tokens');
    const again: string[] = [];
    openStateDb(path, { onWarning: (m) => again.push(m) }).close();
    expect(again).toEqual([]);
  });
});

describe('environment failures of the state file have their own codes', () => {
  it('a full disk (SQLITE_FULL) is ENV_DISK_FULL, not a bug', async () => {
    const path = join(makeTempDir(), 'state.db');
    const db = openStateDb(path);
    const journal = new Journal(db);
    db.pragma('max_page_count = 12');
    let caught: unknown;
    try {
      for (let i = 0; i < 10_000; i += 1) {
        await journal.markInFlightBatched('accounts', `key-${i}`.padEnd(200, 'x'), {
          accountKey: null,
          fingerprint: 'f'.repeat(100),
        });
      }
    } catch (err) {
      caught = err;
    }
    db.close();
    expect((caught as { code?: string }).code).toBe('SQLITE_FULL');
    expect(environmentErrorOf(caught, 'state', path)).toMatchObject({ code: 'ENV_DISK_FULL', exitCode: 2 });
  });

  it('a state file this user may not write (SQLITE_READONLY) is ENV_STATE_READ_ONLY', () => {
    const path = join(makeTempDir(), 'state.db');
    openStateDb(path).close();
    const readOnly = new Database(path, { readonly: true });
    let caught: unknown;
    try {
      readOnly.exec('CREATE TABLE t (x)');
    } catch (err) {
      caught = err;
    }
    readOnly.close();
    expect(environmentErrorOf(caught, 'state', path)?.code).toBe('ENV_STATE_READ_ONLY');
  });

  it('a read-only filesystem is ENV_READ_ONLY_FS whatever was being written', () => {
    const erofs = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    expect(environmentErrorOf(erofs, 'state', '/x/state.db')?.code).toBe('ENV_READ_ONLY_FS');
    expect(environmentErrorOf(erofs, 'reports', '/x/reports')?.code).toBe('ENV_READ_ONLY_FS');
    expect(environmentErrorOf(new Error('a bug'), 'state', '/x')).toBeUndefined();
  });
});
