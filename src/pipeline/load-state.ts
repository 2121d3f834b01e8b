import type { MigrationConfig } from '../config/config.js';
import { acquireLock } from '../journal/lock.js';
import { ensureReportsDir } from '../reports/report-file.js';
import { openStateDb, type StateDb } from '../store/database.js';

/** The state file a load owns while it runs, and how to give it back (close, then unlock). */
export interface LoadState {
  db: StateDb;
  close(): void;
}

/**
 * Everything load writes is checked before the first request: the lock, the state file (opened for
 * writing) and the reports folder (a file created and removed in it). What was taken is given back
 * when a later check fails.
 */
export function openLoadState(config: MigrationConfig, onWarning: (message: string) => void): LoadState {
  const release = acquireLock(config.state, 'load');
  let db: StateDb;
  try {
    db = openStateDb(config.state, { onWarning });
  } catch (err) {
    release();
    throw err;
  }
  try {
    ensureReportsDir(config.reports);
  } catch (err) {
    db.close();
    release();
    throw err;
  }
  return {
    db,
    close() {
      db.close();
      release();
    },
  };
}
