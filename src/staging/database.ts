import Database from 'better-sqlite3';

/** An open state database (staged records, rejections and the load journal live in one file). */
export type StateDb = Database.Database;

/**
 * Opens (creating if needed) the SQLite state file. WAL keeps readers and the single writer apart;
 * `synchronous = FULL` makes every committed transaction durable before the next request is sent —
 * the journal's exactly-once promise depends on it.
 */
export function openStateDb(path: string): StateDb {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
