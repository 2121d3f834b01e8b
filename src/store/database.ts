import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { environmentErrorOf } from '../errors/index.js';

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
  /** Told when an existing state file others could read was made private (default: stderr). */
  onWarning?: (message: string) => void;
}

/**
 * Opens (creating if needed) the SQLite state file. WAL keeps readers and the single writer apart;
 * `synchronous = FULL` makes every committed transaction durable before the next request is sent —
 * the journal's exactly-once promise depends on it. During a load the journal switches to NORMAL
 * and syncs the WAL itself, off the thread, before it lets anything depend on a commit
 * (`Journal.deferSyncs`): the same promise.
 */
export function openStateDb(path: string, options: OpenStateDbOptions = {}): StateDb {
  if (path !== ':memory:' && path !== '')
    makePrivate(path, options.onWarning ?? ((message) => process.stderr.write(message)));
  let db: StateDb;
  try {
    db = new Database(path);
  } catch (err) {
    throw environmentErrorOf(err, 'state', path) ?? err;
  }
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

/**
 * The state file holds every payment token staged for the migration: only its owner may read it.
 * It is created 0600 before SQLite opens it (SQLite gives the -wal and -shm files the database's
 * own mode); an existing one that others can read is tightened, with a warning. Opening it for
 * writing here is also the start-up check that it can be written at all.
 */
function makePrivate(path: string, warn: (message: string) => void): void {
  try {
    closeSync(openSync(path, 'a', 0o600));
    const loose: string[] = [];
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      if (!existsSync(file)) continue;
      const mode = statSync(file).mode & 0o777;
      if ((mode & 0o077) === 0) continue;
      chmodSync(file, mode & 0o700);
      loose.push(`${file} (was ${mode.toString(8).padStart(4, '0')})`);
    }
    if (loose.length > 0) {
      warn(
        `warning: ${loose.join(', ')} could be read by other users of this machine, and it holds the migration's payment tokens: made it private (0600). Check who may have copied it.\n`,
      );
    }
  } catch (err) {
    throw environmentErrorOf(err, 'state', path) ?? err;
  }
}
