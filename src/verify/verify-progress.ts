import type { Statement } from 'better-sqlite3';
import type { StateDb } from '../store/database.js';
import type { Difference } from './differences.js';

/** What verify tallied of one account for the legacy totals (money in cents a month). */
export interface AccountTally {
  statusExpected: number | null;
  statusFound: number | null;
  mrrExpectedCents: number;
  mrrFoundCents: number;
  /** Service id → quantity, staged and in Sonar. */
  plansExpected: Record<string, number>;
  plansFound: Record<string, number>;
}

/** Names by id of the account statuses and services, as Sonar calls them. */
export interface RecordNames {
  statuses: Record<string, string>;
  services: Record<string, string>;
}

/**
 * Verify's progress in the state file: one row per verified account (its tally) and its
 * differences. A re-run after a crash skips the accounts already verified; a run that finished
 * leaves `complete`, and the next run starts afresh, as does one after a load ran since. These tables are not among the versioned
 * migrations of store/schema.ts on purpose: they are a cache of a read-only check, made with
 * IF NOT EXISTS, and dropping them loses nothing but progress.
 */
export class VerifyProgress {
  /** isVerified's statement: asked once per account. */
  private verifiedOne: Statement | undefined;

  constructor(private readonly db: StateDb) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS verify_accounts (
        account_key TEXT PRIMARY KEY,
        sonar_id TEXT,
        tally TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS verify_differences (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account_key TEXT NOT NULL,
        legacy_key TEXT NOT NULL,
        sonar_id TEXT NOT NULL,
        step TEXT NOT NULL,
        field TEXT NOT NULL,
        expected TEXT NOT NULL,
        found TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS verify_differences_account ON verify_differences (account_key);
      CREATE TABLE IF NOT EXISTS verify_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  /** True when the last run finished (the next one starts afresh). */
  get complete(): boolean {
    return this.db.prepare("SELECT 1 FROM verify_meta WHERE key = 'complete'").get() !== undefined;
  }

  /** Forgets every account verified and every difference: the next run reads everything again. */
  restart(): void {
    this.db.exec('DELETE FROM verify_accounts; DELETE FROM verify_differences; DELETE FROM verify_meta;');
  }

  /** The last load (or rollback) run of the journal this progress was verified against. */
  journalRun(): string | undefined {
    const row = this.db.prepare("SELECT value FROM verify_meta WHERE key = 'journal_run'").get() as
      | { value: string }
      | undefined;
    return row?.value;
  }

  /** Notes the journal run the accounts are verified against. */
  saveJournalRun(runId: string): void {
    this.db.prepare("INSERT OR REPLACE INTO verify_meta (key, value) VALUES ('journal_run', ?)").run(runId);
  }

  /** Marks the run finished. */
  finish(): void {
    this.db
      .prepare("INSERT OR REPLACE INTO verify_meta (key, value) VALUES ('complete', ?)")
      .run(new Date().toISOString());
  }

  /** Keeps the names of statuses and services for the reports' totals (reports run offline). */
  saveNames(names: RecordNames): void {
    this.db
      .prepare("INSERT OR REPLACE INTO verify_meta (key, value) VALUES ('names', ?)")
      .run(JSON.stringify(names));
  }

  /** The names saveNames kept (empty before a verify read them). */
  names(): RecordNames {
    const row = this.db.prepare("SELECT value FROM verify_meta WHERE key = 'names'").get() as
      | { value: string }
      | undefined;
    return row ? (JSON.parse(row.value) as RecordNames) : { statuses: {}, services: {} };
  }

  /** Whether an account is verified already in this run (by an earlier, interrupted one). */
  isVerified(accountKey: string): boolean {
    this.verifiedOne ??= this.db.prepare('SELECT 1 FROM verify_accounts WHERE account_key = ?');
    return this.verifiedOne.get(accountKey) !== undefined;
  }

  /** How many accounts are verified so far in this run. */
  verifiedCount(): number {
    return this.db.prepare('SELECT count(*) FROM verify_accounts').pluck().get() as number;
  }

  /** Records one account as verified, with its differences, in one transaction. */
  recordAccount(accountKey: string, sonarId: string, tally: AccountTally, differences: Difference[]): void {
    const insertAccount = this.db.prepare(
      'INSERT OR REPLACE INTO verify_accounts (account_key, sonar_id, tally) VALUES (?, ?, ?)',
    );
    const clear = this.db.prepare('DELETE FROM verify_differences WHERE account_key = ?');
    const insert = this.db.prepare(
      'INSERT INTO verify_differences (account_key, legacy_key, sonar_id, step, field, expected, found) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      clear.run(accountKey);
      for (const d of differences)
        insert.run(accountKey, d.legacyKey, d.sonarId, d.step, d.field, d.expected, d.found);
      insertAccount.run(accountKey, sonarId, JSON.stringify(tally));
    })();
  }

  /** Every account's tally, streamed. */
  *tallies(): IterableIterator<AccountTally & { accountKey: string; sonarId: string }> {
    const rows = this.db
      .prepare('SELECT account_key, sonar_id, tally FROM verify_accounts ORDER BY account_key')
      .iterate() as IterableIterator<{
      account_key: string;
      sonar_id: string;
      tally: string;
    }>;
    for (const row of rows)
      yield {
        accountKey: row.account_key,
        sonarId: row.sonar_id,
        ...(JSON.parse(row.tally) as AccountTally),
      };
  }

  /** Every difference found, in the order found, streamed. */
  *differences(): IterableIterator<Difference> {
    const rows = this.db
      .prepare(
        'SELECT legacy_key, sonar_id, step, field, expected, found FROM verify_differences ORDER BY seq',
      )
      .iterate() as IterableIterator<{
      legacy_key: string;
      sonar_id: string;
      step: Difference['step'];
      field: string;
      expected: string;
      found: string;
    }>;
    for (const r of rows)
      yield {
        legacyKey: r.legacy_key,
        sonarId: r.sonar_id,
        step: r.step,
        field: r.field,
        expected: r.expected,
        found: r.found,
      };
  }
}

/** True when the state file has verify's tables (a verify ran on it). */
export function hasVerifyTables(db: StateDb): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'verify_accounts'").get() !==
    undefined
  );
}
