import type { StateDb } from './database.js';
import { moveJournalToIdentityKeys } from './stable-keys.js';

/**
 * The condition of the journal_unsettled index (migration 7), which a query repeats word for word
 * to read through it: SQLite uses a partial index only when the query's WHERE holds the index's
 * terms.
 */
export const unsettledTerm = "state != 'loaded'";

/** One change to the state file's tables, applied once, in order, when its version is reached. */
export interface StateMigration {
  /** The `PRAGMA user_version` the file holds once this migration ran. */
  version: number;
  /** What it changes, for whoever reads the list. */
  what: string;
  up(db: StateDb): void;
}

/**
 * Every table of the state file — the staged rows (store) and the load journal (journal) — made
 * and changed here only, oldest first. A file's `PRAGMA user_version` says how many ran; opening
 * it runs the rest in one transaction. Append a migration for any change; never edit one that
 * shipped.
 */
export const stateMigrations: readonly StateMigration[] = [
  {
    version: 1,
    what: 'the staged rows, rejections and column lists; the journal and its runs, as first released',
    // IF NOT EXISTS: a file written before versioning (user_version 0) already holds some of them.
    up: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS staged (
          seq INTEGER PRIMARY KEY,
          step TEXT NOT NULL,
          legacy_key TEXT NOT NULL,
          account_key TEXT,
          payload TEXT NOT NULL,
          refs TEXT NOT NULL,
          source TEXT NOT NULL,
          rejected INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS staged_step_key ON staged (step, legacy_key);
        CREATE INDEX IF NOT EXISTS staged_account ON staged (account_key);
        CREATE TABLE IF NOT EXISTS rejections (
          seq INTEGER PRIMARY KEY,
          input TEXT NOT NULL,
          legacy_key TEXT,
          code TEXT NOT NULL,
          message TEXT NOT NULL,
          source TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS rejections_input_key ON rejections (input, legacy_key);
        CREATE TABLE IF NOT EXISTS source_columns (
          id INTEGER PRIMARY KEY,
          columns TEXT NOT NULL UNIQUE
        );
        CREATE TABLE IF NOT EXISTS journal (
          step TEXT NOT NULL,
          legacy_key TEXT NOT NULL,
          account_key TEXT,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          sonar_id TEXT,
          sonar_ref TEXT,
          fingerprint TEXT NOT NULL DEFAULT '',
          last_error TEXT,
          adopted INTEGER NOT NULL DEFAULT 0,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (step, legacy_key)
        );
        CREATE INDEX IF NOT EXISTS journal_state ON journal (state);
        CREATE INDEX IF NOT EXISTS journal_account ON journal (account_key);
        CREATE TABLE IF NOT EXISTS journal_runs (
          id INTEGER PRIMARY KEY,
          command TEXT NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          interrupted INTEGER NOT NULL DEFAULT 0
        );
      `),
  },
  {
    version: 2,
    what: "journal_runs.alive_at: a run's heartbeat (see Journal.touchRun)",
    up: (db) => addColumn(db, 'journal_runs', 'alive_at TEXT'),
  },
  {
    version: 3,
    what: "staged.account_alias and staged.sub_accounts: an account's Sonar id and sub-account list (see StagedRecords)",
    up: (db) => {
      addColumn(db, 'staged', 'account_alias TEXT');
      addColumn(db, 'staged', 'sub_accounts TEXT');
    },
  },
  {
    version: 4,
    what: 'staged.numbered, journal.loaded_fields (the fields a loaded record had), journal.pending_update (an update in flight), and the journal of contacts, addresses, services and payment methods moved to identity keys (see stable-keys.ts)',
    up: (db) => {
      addColumn(db, 'staged', 'numbered INTEGER NOT NULL DEFAULT 0');
      addColumn(db, 'journal', 'loaded_fields TEXT');
      addColumn(db, 'journal', 'pending_update TEXT');
      moveJournalToIdentityKeys(db);
    },
  },
  {
    version: 5,
    what: 'journal_runs.options, .failed, .skipped and .rejected: what a run was asked to send and what it could not (see JournalRun); NULL for runs recorded before',
    up: (db) => {
      addColumn(db, 'journal_runs', 'options TEXT');
      addColumn(db, 'journal_runs', 'failed INTEGER');
      addColumn(db, 'journal_runs', 'skipped INTEGER');
      addColumn(db, 'journal_runs', 'rejected INTEGER');
    },
  },
  {
    version: 6,
    what: "journal indexes: (state, step, legacy_key) in place of (state), so a step's failed, skipped or in-flight entries are read without walking the step; and the loaded entries with a problem noted (a duplicate in Sonar), a partial index that holds only those",
    up: (db) => {
      db.exec(`
        DROP INDEX IF EXISTS journal_state;
        CREATE INDEX IF NOT EXISTS journal_state_step_key ON journal (state, step, legacy_key);
        CREATE INDEX IF NOT EXISTS journal_flagged ON journal (step, legacy_key)
          WHERE state = 'loaded' AND last_error IS NOT NULL;
      `);
    },
  },
  {
    version: 7,
    what: "journal_unsettled, a partial (state, step, legacy_key) index of the entries not loaded, in place of journal_state_step_key: a loaded mark no longer writes the record into a large index (it only leaves this small one), which was a third of the mark's cost; queries that use it say `state != 'loaded'` (unsettledTerm)",
    up: (db) => {
      db.exec(`
        DROP INDEX IF EXISTS journal_state_step_key;
        CREATE INDEX IF NOT EXISTS journal_unsettled ON journal (state, step, legacy_key)
          WHERE state != 'loaded';
      `);
    },
  },
];

/** The version a state file written by this build holds. */
export const stateVersion = stateMigrations.at(-1)?.version ?? 0;

/**
 * Brings a state file's tables up to `stateVersion`: runs the migrations it has not had, in one
 * transaction with the version bump. Cheap when it is current (one pragma read), so every owner of
 * the tables (StagedRecords, Journal) calls it on construction.
 */
export function migrateStateDb(db: StateDb, migrations: readonly StateMigration[] = stateMigrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    db.pragma(`user_version = ${pending.at(-1)?.version ?? current}`);
  })();
}

/**
 * Adds a column. A file written before versioning (user_version 0) may have been given it by the
 * unversioned code that added columns on the fly, so it is added only when missing — the one place
 * the table's shape is probed, and only on the way up from such a file.
 */
function addColumn(db: StateDb, table: string, definition: string): void {
  const name = definition.split(' ')[0];
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${definition}`);
}
