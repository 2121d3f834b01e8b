import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { migrateStateDb, stateMigrations, stateVersion } from '../../src/store/schema.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { makeTempDir } from '../helpers/io.js';

/** A state file as the first release wrote it: no user_version, no heartbeat, no account columns. */
function writeFirstReleaseFile(path: string): void {
  const old = new Database(path);
  old.exec(`
    CREATE TABLE staged (
      seq INTEGER PRIMARY KEY, step TEXT NOT NULL, legacy_key TEXT NOT NULL, account_key TEXT,
      payload TEXT NOT NULL, refs TEXT NOT NULL, source TEXT NOT NULL, rejected INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE journal (
      step TEXT NOT NULL, legacy_key TEXT NOT NULL, account_key TEXT, state TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, sonar_id TEXT, sonar_ref TEXT,
      fingerprint TEXT NOT NULL DEFAULT '', last_error TEXT, adopted INTEGER NOT NULL DEFAULT 0,
      updated_at TEXT NOT NULL, PRIMARY KEY (step, legacy_key));
    CREATE TABLE journal_runs (
      id INTEGER PRIMARY KEY, command TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT,
      interrupted INTEGER NOT NULL DEFAULT 0);
    INSERT INTO journal (step, legacy_key, account_key, state, attempts, sonar_id, fingerprint, updated_at)
      VALUES ('accounts', 'A1', 'A1', 'loaded', 1, '501', 'f1', '2026-01-02T03:04:05.000Z');
    INSERT INTO journal_runs (command, started_at, finished_at) VALUES ('load', '2026-01-02T03:04:00.000Z', '2026-01-02T03:05:00.000Z');
  `);
  old.close();
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

describe('the state file schema', () => {
  it('lists its migrations in version order, ending at the version a new file gets', () => {
    expect(stateMigrations.map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(stateVersion).toBe(7);
    const db = openStateDb(join(makeTempDir(), 'state.db'));
    new Journal(db);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(columnsOf(db, 'journal_runs')).toEqual([
      'id',
      'command',
      'started_at',
      'finished_at',
      'interrupted',
      'alive_at',
      'options',
      'failed',
      'skipped',
      'rejected',
    ]);
  });

  it('upgrades a state file written before versioning and keeps its journal', () => {
    const path = join(makeTempDir(), 'old.db');
    writeFirstReleaseFile(path);
    const db = openStateDb(path);
    const journal = new Journal(db);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(columnsOf(db, 'journal_runs')).toContain('alive_at');
    expect(columnsOf(db, 'staged').slice(-3)).toEqual(['account_alias', 'sub_accounts', 'numbered']);
    expect(journal.get('accounts', 'A1')).toMatchObject({ state: 'loaded', sonarId: '501', attempts: 1 });
    expect(journal.runs()).toEqual([
      {
        id: 1,
        command: 'load',
        startedAt: '2026-01-02T03:04:00.000Z',
        finishedAt: '2026-01-02T03:05:00.000Z',
        aliveAt: null,
        interrupted: false,
        options: null,
        failed: null,
        skipped: null,
        rejected: null,
      },
    ]);
    const session = journal.beginRun('load', { options: { only: ['accounts'] }, rejected: 3 });
    session.touch();
    session.finish({ interrupted: false, failed: 2, skipped: 1 });
    expect(journal.runs()[1]?.aliveAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(journal.runs()[1]).toMatchObject({
      options: { only: ['accounts'] },
      failed: 2,
      skipped: 1,
      rejected: 3,
    });
    return session.close();
  });

  it('upgrades an unversioned file that already had the later columns without adding them twice', () => {
    const path = join(makeTempDir(), 'old.db');
    writeFirstReleaseFile(path);
    const old = new Database(path);
    old.exec(
      'ALTER TABLE journal_runs ADD COLUMN alive_at TEXT; ALTER TABLE staged ADD COLUMN account_alias TEXT',
    );
    old.close();
    const db = openStateDb(path);
    new StagedRecords(db);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    expect(columnsOf(db, 'staged').filter((c) => c === 'account_alias')).toEqual(['account_alias']);
    expect(columnsOf(db, 'staged')).toContain('sub_accounts');
  });

  it('runs only the migrations a file has not had', () => {
    const db = openStateDb(join(makeTempDir(), 'state.db'));
    const ran: number[] = [];
    const probe = [1, 2, 3, 4].map((version) => ({
      version,
      what: `v${version}`,
      up: () => ran.push(version),
    }));
    db.pragma('user_version = 2');
    migrateStateDb(db, probe);
    expect(ran).toEqual([3, 4]);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    migrateStateDb(db, probe);
    expect(ran).toEqual([3, 4]);
  });
});
