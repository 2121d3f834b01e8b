import { join } from 'node:path';
import type { StagedRecord, StepName } from '../../src/ground/types.js';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb, type StateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { makeTempDir } from '../helpers/io.js';

/** A state file in its own temp dir, with staging tables and a journal. */
export interface StateFixture {
  dir: string;
  statePath: string;
  db: StateDb;
  staged: StagedRecords;
  journal: Journal;
}

/** Opens a fresh state file in a new temp directory. */
export function makeState(): StateFixture {
  const dir = makeTempDir('sonar-migrate-report-');
  const statePath = join(dir, 'state.db');
  const db = openStateDb(statePath);
  return { dir, statePath, db, staged: new StagedRecords(db), journal: new Journal(db) };
}

/** A staged record built from the row its input held (columns → values). */
export function stagedRecord(
  step: StepName,
  legacyKey: string,
  row: Record<string, string>,
  options: { accountKey?: string; payload?: Record<string, unknown>; line?: number; file?: string } = {},
): StagedRecord {
  return {
    step,
    legacyKey,
    ...(options.accountKey === undefined ? {} : { accountKey: options.accountKey }),
    payload: options.payload ?? { ...row },
    refs: [],
    source: {
      input: step,
      provenance: { file: options.file ?? `${step}.csv`, row: options.line ?? 2, legacyKey },
      columns: Object.keys(row),
      values: Object.values(row),
    },
  };
}
