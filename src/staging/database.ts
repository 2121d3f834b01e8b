import Database from 'better-sqlite3';

/** An open state database (staged records, rejections and the load journal live in one file). */
export type StateDb = Database.Database;

/** How to open a state file. */
export interface OpenStateDbOptions {
  /**
   * The file is a throw-away staging file (validate's temporary file): nothing in it must survive
   * a crash, so commits skip the fsync and the rollback journal stays in memory. Never for a file
   * that holds the load journal.
   */
  throwaway?: boolean;
}

/**
 * Opens (creating if needed) the SQLite state file. WAL keeps readers and the single writer apart;
 * `synchronous = FULL` makes every committed transaction durable before the next request is sent —
 * the journal's exactly-once promise depends on it. During a load the journal switches to NORMAL
 * and syncs the WAL itself, off the thread, before it lets anything depend on a commit
 * (`Journal.deferSyncs`): the same promise.
 */
export function openStateDb(path: string, options: OpenStateDbOptions = {}): StateDb {
  const db = new Database(path);
  if (options.throwaway) {
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
  } else {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('busy_timeout = 5000');
  return db;
}
