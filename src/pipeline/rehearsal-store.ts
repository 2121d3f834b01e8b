import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateDb, type StateDb } from '../store/database.js';
import { StagedRecords } from '../store/staged-records.js';

/** A state file for a rehearsal (validate, plan), and how to close it (removing a temporary one). */
export interface RehearsalStore {
  db: StateDb;
  staged: StagedRecords;
  close(): void;
}

/**
 * Opens the state file a rehearsal stages into: `keepAt` when the user names one (`validate
 * --state`), else a throw-away file in a temporary folder — a rehearsal never touches the state
 * file a load may be writing at this very moment. Only the temporary file skips durability.
 */
export function openRehearsalStore(command: string, keepAt?: string): RehearsalStore {
  const tempDir = keepAt ? undefined : mkdtempSync(join(tmpdir(), `sonar-migrate-${command}-`));
  const db = openStateDb(keepAt ?? join(tempDir as string, 'staging.db'), {
    throwaway: tempDir !== undefined,
  });
  return {
    db,
    staged: new StagedRecords(db),
    close() {
      db.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
