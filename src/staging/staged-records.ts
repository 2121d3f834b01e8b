import type { StateDb } from './database.js';
import type { RowRejection, StagedRecord, StepName } from './types.js';

/**
 * The staging tables: what `validate` (and the staging pass of `plan`/`load`) produced from the
 * inputs. They are rebuilt on every staging pass; the load journal lives in other tables and is
 * never touched here.
 */
export class StagedRecords {
  private readonly insertRecord;
  private readonly insertRejection;

  constructor(private readonly db: StateDb) {
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
    `);
    this.insertRecord = db.prepare(
      'INSERT INTO staged (step, legacy_key, account_key, payload, refs, source) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertRejection = db.prepare(
      'INSERT INTO rejections (input, legacy_key, code, message, source) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** Empties the staging tables before a new staging pass. */
  clear(): void {
    this.db.exec('DELETE FROM staged; DELETE FROM rejections;');
  }

  /** Adds records; call inside `transaction` for speed on large inputs. */
  addRecord(record: StagedRecord): void {
    this.insertRecord.run(
      record.step,
      record.legacyKey,
      record.accountKey ?? null,
      JSON.stringify(record.payload),
      JSON.stringify(record.refs),
      JSON.stringify(record.source),
    );
  }

  /** Records a rejection. */
  addRejection(rejection: RowRejection): void {
    this.insertRejection.run(
      rejection.source.input,
      rejection.source.provenance.legacyKey ?? null,
      rejection.code,
      rejection.message,
      JSON.stringify(rejection.source),
    );
  }

  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** The valid (not rejected) records of a step, in input order, streamed from disk. */
  *valid(step: StepName): IterableIterator<StagedRecord> {
    const rows = this.db
      .prepare(
        'SELECT step, legacy_key, account_key, payload, refs, source FROM staged WHERE step = ? AND rejected = 0 ORDER BY seq',
      )
      .iterate(step) as IterableIterator<StagedRow>;
    for (const row of rows) yield fromRow(row);
  }

  /** Every rejection, in the order found. */
  *rejections(): IterableIterator<RowRejection> {
    const rows = this.db
      .prepare('SELECT code, message, source FROM rejections ORDER BY seq')
      .iterate() as IterableIterator<{ code: RowRejection['code']; message: string; source: string }>;
    for (const row of rows) yield { code: row.code, message: row.message, source: JSON.parse(row.source) };
  }
}

interface StagedRow {
  step: StepName;
  legacy_key: string;
  account_key: string | null;
  payload: string;
  refs: string;
  source: string;
}

function fromRow(row: StagedRow): StagedRecord {
  return {
    step: row.step,
    legacyKey: row.legacy_key,
    ...(row.account_key === null ? {} : { accountKey: row.account_key }),
    payload: JSON.parse(row.payload),
    refs: JSON.parse(row.refs),
    source: JSON.parse(row.source),
  };
}
