import type { Statement } from 'better-sqlite3';
import type { StagedRecord, StepName } from '../ground/types.js';
import { type StagedRecords, type StagedRow, stagedRecordOf } from './staged-records.js';

/**
 * The valid staged records a load works through, read from the state file a page at a time, so
 * that what a load holds in memory does not grow with the size of the export (issue 16): the
 * instance-wide records by step in input order, the accounts in load order, and one account's
 * records when its turn comes. Every read is a short indexed query run to completion (`all`/`get`),
 * never an open cursor, because the journal writes on the same state file between reads.
 */
export class StagedPages {
  readonly #staged: StagedRecords;
  readonly #statements: {
    globalPage: Statement;
    stepRange: Statement;
    accountOrderPage: Statement;
    accountRecords: Statement;
    hasValid: Statement;
    validOf: Statement;
  };

  constructor(staged: StagedRecords) {
    staged.ensureIndexes();
    this.#staged = staged;
    const db = staged.db;
    db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS load_order (ord INTEGER PRIMARY KEY, account_key TEXT NOT NULL, parent INTEGER NOT NULL)',
    );
    // Not the whole source: its copy of the row's cells is most of a staged record's bytes, and
    // parsing it was a tenth of the load's CPU (see #recordOf).
    const columns = `seq, step, legacy_key, account_key, payload, refs,
      json_extract(source, '$.input') AS input, json(json_extract(source, '$.provenance')) AS provenance`;
    this.#statements = {
      // `+step`: walk the primary key from `seq`, not the (step, legacy_key) index, which made
      // SQLite sort the step's rest on every page (quadratic in a large step).
      globalPage: db.prepare(
        `SELECT ${columns} FROM staged WHERE +step = ? AND rejected = 0 AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
      ),
      stepRange: db.prepare('SELECT min(seq) AS first, max(seq) AS last FROM staged WHERE step = ?'),
      accountOrderPage: db.prepare(
        'SELECT ord, account_key FROM temp.load_order WHERE parent = ? AND ord > ? ORDER BY ord LIMIT ?',
      ),
      // The account's own record has no account key (its legacy key is the account's); its
      // children name it. Two indexed reads, in input order.
      accountRecords: db.prepare(
        `SELECT ${columns} FROM staged WHERE account_key = @key AND rejected = 0
         UNION ALL
         SELECT ${columns} FROM staged WHERE step = @step AND legacy_key = @key AND account_key IS NULL AND rejected = 0
         ORDER BY seq`,
      ),
      hasValid: db.prepare('SELECT 1 FROM staged WHERE step = ? AND legacy_key = ? AND rejected = 0 LIMIT 1'),
      validOf: db.prepare(
        `SELECT ${columns} FROM staged WHERE step = ? AND legacy_key = ? AND rejected = 0 ORDER BY seq LIMIT 1`,
      ),
    };
  }

  /** Valid records per step. */
  validCounts(): Map<StepName, number> {
    const rows = this.#staged.db
      .prepare('SELECT step, COUNT(*) AS n FROM staged WHERE rejected = 0 GROUP BY step')
      .all() as Array<{ step: StepName; n: number }>;
    return new Map(rows.map((r) => [r.step, r.n]));
  }

  /** The valid records of a step, `pageSize` at a time, in input order. */
  *globalPages(step: StepName, pageSize: number): IterableIterator<StagedRecord[]> {
    // The step's first and last row (from its index alone), so no page walks the rows of the steps
    // staged before or after it: at a million accounts that was 5 s a step.
    const range = this.#statements.stepRange.get(step) as { first: number | null; last: number | null };
    if (range.first === null || range.last === null) return;
    let after = range.first - 1;
    for (;;) {
      const rows = this.#statements.globalPage.all(step, after, range.last, pageSize) as PagedRow[];
      if (rows.length === 0) return;
      after = rows[rows.length - 1]?.seq ?? after;
      yield rows.map((row) => this.#recordOf(row));
    }
  }

  /**
   * Writes the load order into a temporary table of this connection: every account key with a
   * valid record in `accountSteps`, accounts first in input order, then keys that only have child
   * records; `parent` marks accounts that name sub-accounts (a pending reference to another account, as
   * the accounts step's `childrenOf` reads them). Built by SQLite on disk (temp store),
   * so a million accounts cost no memory here.
   */
  writeLoadOrder(accountStep: StepName | undefined, accountSteps: readonly StepName[]): void {
    const db = this.#staged.db;
    db.exec('DELETE FROM temp.load_order');
    db.prepare(
      `INSERT INTO temp.load_order (account_key, parent)
       SELECT key, MAX(parent) FROM (
         SELECT COALESCE(account_key, legacy_key) AS key, seq,
                CASE WHEN step = @step THEN 0 ELSE 1 END AS later,
                CASE WHEN step = @step AND refs <> '[]' AND EXISTS (
                  SELECT 1 FROM json_each(refs) WHERE json_extract(value, '$.lookup') = 'accounts'
                ) THEN 1 ELSE 0 END AS parent
         FROM staged
         WHERE rejected = 0 AND step IN (SELECT value FROM json_each(@steps))
       ) GROUP BY key ORDER BY MIN(later), MIN(seq)`,
    ).run({ step: accountStep ?? '', steps: JSON.stringify(accountSteps) });
  }

  /** Account keys of the load order (`writeLoadOrder`), parents or the rest, `pageSize` at a time. */
  *accountKeyPages(parents: boolean, pageSize: number): IterableIterator<string[]> {
    let after = 0;
    for (;;) {
      const rows = this.#statements.accountOrderPage.all(parents ? 1 : 0, after, pageSize) as Array<{
        ord: number;
        account_key: string;
      }>;
      if (rows.length === 0) return;
      after = rows[rows.length - 1]?.ord ?? after;
      yield rows.map((r) => r.account_key);
    }
  }

  /** Every valid record of one account, the account's own among them, in input order. */
  accountRecords(accountKey: string, accountStep: StepName | undefined): StagedRecord[] {
    const rows = this.#statements.accountRecords.all({
      key: accountKey,
      step: accountStep ?? '',
    }) as PagedRow[];
    return rows.map((row) => this.#recordOf(row));
  }

  /** Whether a step has a valid staged record under the key. */
  hasValid(step: StepName, legacyKey: string): boolean {
    return this.#statements.hasValid.get(step, legacyKey) !== undefined;
  }

  /** The valid staged record of a step under a key, if any. */
  validOf(step: StepName, legacyKey: string): StagedRecord | undefined {
    const row = this.#statements.validOf.get(step, legacyKey) as PagedRow | undefined;
    return row ? this.#recordOf(row) : undefined;
  }

  /**
   * A record without its copy of the source row: the runner only needs the provenance for its
   * messages (failed CSVs re-read the row from the staging tables), and the row's cells are most of
   * a staged record's size.
   */
  #recordOf(row: PagedRow): StagedRecord {
    const provenance = JSON.parse(row.provenance) as StagedRecord['source']['provenance'];
    return stagedRecordOf(row, { input: row.input, provenance, values: [], columns: [] });
  }
}

/** A row of `staged` as the paged reads select it: its sequence number, the source's input and provenance. */
interface PagedRow extends Omit<StagedRow, 'source'> {
  seq: number;
  input: StepName;
  provenance: string;
}
