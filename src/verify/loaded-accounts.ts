import type { Statement } from 'better-sqlite3';
import type { StateDb } from '../store/database.js';

/** A loaded account as verify goes through them: its legacy key and Sonar id. */
export interface LoadedAccount {
  legacyKey: string;
  sonarId: string;
}

/** Accounts read per page of `unlisted`: a short query each, never an open cursor. */
const PAGE = 500;

/**
 * The accounts the journal holds as loaded, by Sonar id, for one verify run: a temporary table of
 * this connection (`verify_loaded`), so that matching Sonar's account list against the journal
 * holds nothing per account in memory (issue 16). SQLite keeps a temporary table on disk beyond its
 * page cache (temp store), and drops it with the connection. `listed` marks the accounts the list
 * showed: those it did not are missing from Sonar.
 */
export class LoadedAccounts {
  readonly #db: StateDb;
  readonly #statements: {
    byId: Statement;
    list: Statement;
    unlistedFirst: Statement;
    unlistedAfter: Statement;
  };

  constructor(db: StateDb) {
    this.#db = db;
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS verify_loaded (
        sonar_id TEXT PRIMARY KEY,
        legacy_key TEXT NOT NULL,
        listed INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX IF NOT EXISTS temp.verify_loaded_key ON verify_loaded (legacy_key);
    `);
    this.#statements = {
      byId: db.prepare('SELECT legacy_key FROM temp.verify_loaded WHERE sonar_id = ?').pluck(),
      list: db.prepare('UPDATE temp.verify_loaded SET listed = 1 WHERE sonar_id = ?'),
      unlistedFirst: db.prepare(unlistedSql('')),
      unlistedAfter: db.prepare(unlistedSql('AND legacy_key > ?')),
    };
  }

  /**
   * Copies the journal's loaded accounts with a Sonar id (one per id: the last by legacy key, as a
   * map filled in journal order keeps) and returns how many.
   */
  refresh(): number {
    this.#db.exec(`
      DELETE FROM temp.verify_loaded;
      INSERT OR REPLACE INTO temp.verify_loaded (sonar_id, legacy_key)
        SELECT sonar_id, legacy_key FROM journal
        WHERE step = 'accounts' AND state = 'loaded' AND sonar_id IS NOT NULL ORDER BY legacy_key;
    `);
    return this.#db.prepare('SELECT count(*) FROM temp.verify_loaded').pluck().get() as number;
  }

  /** How many of them an earlier, interrupted run verified (verify_accounts, see VerifyProgress). */
  verifiedBefore(): number {
    return this.#db
      .prepare(
        'SELECT count(*) FROM temp.verify_loaded l JOIN verify_accounts v ON v.account_key = l.legacy_key',
      )
      .pluck()
      .get() as number;
  }

  /** The loaded account Sonar lists under an id, marked as listed; undefined when none is. */
  listed(sonarId: string): LoadedAccount | undefined {
    const legacyKey = this.#statements.byId.get(sonarId) as string | undefined;
    if (legacyKey === undefined) return undefined;
    this.#statements.list.run(sonarId);
    return { legacyKey, sonarId };
  }

  /**
   * The loaded accounts not listed, by legacy key, a page at a time: the caller records each
   * between pages.
   */
  *unlisted(): Generator<LoadedAccount, void, undefined> {
    let rows = this.#statements.unlistedFirst.all() as LoadedAccount[];
    for (;;) {
      yield* rows;
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      rows = this.#statements.unlistedAfter.all(last.legacyKey) as LoadedAccount[];
    }
  }
}

/** A page of the accounts not listed (nor verified by an earlier run, which recorded them already). */
function unlistedSql(after: string): string {
  return `SELECT legacy_key AS legacyKey, sonar_id AS sonarId FROM temp.verify_loaded l
    WHERE listed = 0 ${after}
      AND NOT EXISTS (SELECT 1 FROM verify_accounts v WHERE v.account_key = l.legacy_key)
    ORDER BY legacy_key LIMIT ${PAGE}`;
}
