import type { Statement } from 'better-sqlite3';
import type { RowRejection, SourceRef, StagedRecord, StepName } from '../ground/types.js';
import type { StateDb } from './database.js';
import { migrateStateDb } from './schema.js';
import { numberStagedKeys } from './stable-keys.js';

/** Records per query of `validOfKeys`. */
const KEYED_PAGE = 500;

/**
 * The staging tables: what `validate` (and the staging pass of `plan`/`load`) produced from the
 * inputs. They are rebuilt on every staging pass; the load journal lives in other tables and is
 * never touched here.
 */
export class StagedRecords {
  private readonly insertRecord;
  private readonly insertRejection;
  private readonly insertColumns;
  /** Column lists by their JSON, and back: every row of an input shares one (see `encodeSource`). */
  private readonly columnIds = new Map<string, number>();
  private readonly columnLists = new Map<number, string[]>();
  /** Column ids by the list object itself (see `encodeSource`). */
  private readonly columnIdsByList = new WeakMap<readonly string[], number>();
  /** Whether the indexes of `staged` are known to exist (the constructor creates them; `clear` drops them). */
  private indexed = true;
  /**
   * The profile's names for the columns of inputs read without a header row (their columns are
   * letters), so the checks that run after staging name `column "B" (Next Bill Date)`: set by the
   * staging pass, for the checks of the same run (not stored).
   */
  readonly columnNames = new Map<StepName, readonly string[]>();
  /** The statements of `holdsKey`, prepared on first use. */
  private keyLookups?: { staged: Statement; rejected: Statement };

  /** The state database; the cross-file checks (cross-checks.ts) run their SQL over it. */
  constructor(readonly db: StateDb) {
    migrateStateDb(db);
    // A staging pass drops the indexes (see clear); an instance opened after it puts them back.
    db.exec(STAGED_INDEXES);
    // The alias is worked out in JavaScript when that is exact (see aliasOf); otherwise SQLite
    // takes it from the payload itself, as the account graph's SQL did.
    this.insertRecord = db.prepare(
      `INSERT INTO staged (step, legacy_key, account_key, payload, refs, source, account_alias, sub_accounts, numbered)
       VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, CAST(json_extract(?, '$.id') AS TEXT)), ?, ?)`,
    );
    this.insertRejection = db.prepare(
      'INSERT INTO rejections (input, legacy_key, code, message, source) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertColumns = db.prepare('INSERT INTO source_columns (columns) VALUES (?)');
    this.loadColumns();
  }

  /**
   * Empties the staging tables before a new staging pass. The indexes of `staged` are dropped too:
   * keeping them up to date row by row costs more than building them once when the pass is over
   * (`ensureIndexes`, which every reader here and `runCrossChecks` call first).
   */
  clear(): void {
    this.db.exec(
      'DROP INDEX IF EXISTS staged_step_key; DROP INDEX IF EXISTS staged_account; DELETE FROM staged; DELETE FROM rejections;',
    );
    this.indexed = false;
  }

  /**
   * Finishes a staging pass: numbers the identity keys an account shares (stable-keys.ts), then
   * (re)creates the indexes of `staged`; cheap when the pass was finished already.
   */
  ensureIndexes(): void {
    if (this.indexed) return;
    this.db.transaction(() => numberStagedKeys(this.db))();
    this.db.exec(STAGED_INDEXES);
    this.indexed = true;
  }

  /** Adds records; call inside `transaction` for speed on large inputs. */
  addRecord(record: StagedRecord): void {
    const payload = JSON.stringify(record.payload);
    let alias: string | null = null;
    let aliasFrom: string | null = null;
    let subAccounts: string | null = null;
    if (record.step === 'accounts') {
      alias = aliasOf(record.payload.id);
      if (alias === null && record.payload.id !== undefined && record.payload.id !== null)
        aliasFrom = payload;
      subAccounts = subAccountsOf(record.payload.sub_accounts);
    }
    this.insertRecord.run(
      record.step,
      record.legacyKey,
      record.accountKey ?? null,
      payload,
      // Most records have no pending reference.
      record.refs.length === 0 ? '[]' : JSON.stringify(record.refs),
      this.encodeSource(record.source),
      alias,
      aliasFrom,
      subAccounts,
      record.numberedKey ? 1 : 0,
    );
  }

  /** Records a rejection. */
  addRejection(rejection: RowRejection): void {
    this.insertRejection.run(
      rejection.source.input,
      rejection.source.provenance.legacyKey ?? null,
      rejection.code,
      rejection.message,
      this.encodeSource(rejection.source),
    );
  }

  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** The valid (not rejected) records of a step, in input order, streamed from disk. */
  *valid(step: StepName): IterableIterator<StagedRecord> {
    this.loadColumns();
    this.ensureIndexes();
    const rows = this.db
      .prepare(
        'SELECT step, legacy_key, account_key, payload, refs, source FROM staged WHERE step = ? AND rejected = 0 ORDER BY seq',
      )
      .iterate(step) as IterableIterator<StagedRow>;
    for (const row of rows) yield stagedRecordOf(row, this.parseSource(row.source));
  }

  /**
   * The valid records of a step under any of `keys`, in input order: a lookup per key, then the
   * records a page at a time. For the few records a report names (failures), where `valid` would
   * read the whole step.
   */
  *validOfKeys(step: StepName, keys: Iterable<string>): IterableIterator<StagedRecord> {
    this.loadColumns();
    this.ensureIndexes();
    const seqsOf = this.db
      .prepare('SELECT seq FROM staged WHERE step = ? AND legacy_key = ? AND rejected = 0')
      .pluck();
    const seqs: number[] = [];
    for (const key of keys) for (const seq of seqsOf.all(step, key) as number[]) seqs.push(seq);
    seqs.sort((a, b) => a - b);
    const page = this.db.prepare(
      `SELECT step, legacy_key, account_key, payload, refs, source FROM staged
       WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq`,
    );
    for (let i = 0; i < seqs.length; i += KEYED_PAGE) {
      const rows = page.all(JSON.stringify(seqs.slice(i, i + KEYED_PAGE))) as StagedRow[];
      for (const row of rows) yield stagedRecordOf(row, this.parseSource(row.source));
    }
  }

  /** Valid records per step, counted by SQLite (no record is read). */
  validCounts(): Map<StepName, number> {
    const rows = this.db
      .prepare('SELECT step, count(*) AS n FROM staged WHERE rejected = 0 GROUP BY step')
      .all() as Array<{ step: StepName; n: number }>;
    return new Map(rows.map((r) => [r.step, r.n]));
  }

  /** Whether the source still has a record under a key: staged (valid or not), or rejected by a mapper. */
  holdsKey(step: StepName, legacyKey: string): boolean {
    this.ensureIndexes();
    this.keyLookups ??= {
      staged: this.db.prepare('SELECT 1 FROM staged WHERE step = ? AND legacy_key = ? LIMIT 1'),
      rejected: this.db.prepare('SELECT 1 FROM rejections WHERE input = ? AND legacy_key = ? LIMIT 1'),
    };
    return (
      this.keyLookups.staged.get(step, legacyKey) !== undefined ||
      this.keyLookups.rejected.get(step, legacyKey) !== undefined
    );
  }

  /** Rejections of one input in row order (one per problem), for its `<input>.rejected.csv`. */
  *rejectionsOf(input: StepName): IterableIterator<RowRejection> {
    this.loadColumns();
    this.ensureIndexes();
    const rows = this.db
      .prepare(
        `SELECT code, message, source FROM rejections WHERE input = ?
         ORDER BY json_extract(source, '$.provenance.row'), seq`,
      )
      .iterate(input) as IterableIterator<{ code: RowRejection['code']; message: string; source: string }>;
    for (const row of rows)
      yield { code: row.code, message: row.message, source: this.parseSource(row.source) };
  }

  /** Per input: distinct source rows with at least one rejection, and the number of problems. */
  rejectionCounts(): Array<{ input: StepName; rows: number; problems: number }> {
    return this.db
      .prepare(
        `SELECT input, COUNT(DISTINCT json_extract(source, '$.provenance.file') || ':' || json_extract(source, '$.provenance.row')) AS rows,
           SUM(code <> 'MAP_NOT_CHECKED') AS problems
         FROM rejections GROUP BY input`,
      )
      .all() as Array<{ input: StepName; rows: number; problems: number }>;
  }

  /** Rows refused for something to fix: not those only refused as a kind Sonar cannot take (MAP_NOT_MIGRATABLE). */
  fixableRejectedRows(): number {
    const found = this.db
      .prepare(
        `SELECT COUNT(DISTINCT json_extract(source, '$.provenance.file') || ':' || json_extract(source, '$.provenance.row')) AS n
         FROM rejections WHERE code NOT IN ('MAP_NOT_CHECKED', 'MAP_NOT_MIGRATABLE')`,
      )
      .get() as { n: number };
    return found.n;
  }

  /** The number of rejections per error code. */
  rejectionCodeCounts(): Record<string, number> {
    const rows = this.db
      .prepare('SELECT code, COUNT(*) AS n FROM rejections GROUP BY code ORDER BY code')
      .all() as Array<{
      code: string;
      n: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.code, r.n]));
  }

  /** Every rejection, in the order found. */
  *rejections(): IterableIterator<RowRejection> {
    this.loadColumns();
    this.ensureIndexes();
    const rows = this.db
      .prepare('SELECT code, message, source FROM rejections ORDER BY seq')
      .iterate() as IterableIterator<{ code: RowRejection['code']; message: string; source: string }>;
    for (const row of rows)
      yield { code: row.code, message: row.message, source: this.parseSource(row.source) };
  }

  /** Reads a stored source (the `source` column of either table) back into a SourceRef. */
  parseSource(text: string): SourceRef {
    const { columnsId, ...rest } = JSON.parse(text) as Omit<SourceRef, 'columns'> & {
      columnsId?: number;
      columns?: string[];
    };
    if (columnsId === undefined) return rest as SourceRef;
    if (!this.columnLists.has(columnsId)) this.loadColumns();
    return { ...rest, columns: this.columnLists.get(columnsId) ?? [] };
  }

  /**
   * Stores a source without its column names, which every row of an input repeats: they go once
   * into `source_columns` and the row keeps their id — a third of the bytes of a wide export.
   */
  private encodeSource(source: SourceRef): string {
    const id = this.columnsIdOf(source.columns);
    // A SourceRef has exactly input, provenance, values and columns: the stored object is built as
    // a literal (same keys, same order as `{ ...rest, columnsId }`), without a rest copy per row.
    if (isPlainSource(source)) {
      return JSON.stringify({
        input: source.input,
        provenance: source.provenance,
        values: source.values,
        columnsId: id,
      });
    }
    const { columns: _columns, ...rest } = source;
    return JSON.stringify({ ...rest, columnsId: id });
  }

  /**
   * The id of a column list, stored on first sight. Rows of an input share one column array
   * (applyHeader), so its id is found by identity first; only a list not seen before is serialised.
   */
  private columnsIdOf(columns: string[]): number {
    let id = this.columnIdsByList.get(columns);
    if (id === undefined) {
      const key = JSON.stringify(columns);
      id = this.columnIds.get(key);
      if (id === undefined) {
        id = Number(this.insertColumns.run(key).lastInsertRowid);
        this.columnIds.set(key, id);
        this.columnLists.set(id, columns);
      }
      this.columnIdsByList.set(columns, id);
    }
    return id;
  }

  /** Caches every stored column list (few: one per input and header), so iterators never query mid-read. */
  private loadColumns(): void {
    const rows = this.db.prepare('SELECT id, columns FROM source_columns').all() as Array<{
      id: number;
      columns: string;
    }>;
    for (const row of rows) {
      if (this.columnLists.has(row.id)) continue;
      this.columnIds.set(row.columns, row.id);
      this.columnLists.set(row.id, JSON.parse(row.columns));
    }
  }
}

/** The indexes of `staged`: by step and legacy key (duplicates, lookups), by account (children). */
const STAGED_INDEXES = `
  CREATE INDEX IF NOT EXISTS staged_step_key ON staged (step, legacy_key);
  CREATE INDEX IF NOT EXISTS staged_account ON staged (account_key);
`;

/**
 * `CAST(json_extract(payload, '$.id') AS TEXT)` for the ids JavaScript turns into the same text:
 * whole numbers JSON writes as digits, and strings without a lone surrogate half. Anything else
 * (null: no id, or another kind of value, which SQLite then reads from the payload) is null.
 */
function aliasOf(id: unknown): string | null {
  if (typeof id === 'number') return Number.isSafeInteger(id) ? String(id) : null;
  if (typeof id === 'string') return SURROGATE.test(id) ? null : id;
  return null;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** The JSON of a sub-account list with at least one entry that is not null, else null. */
function subAccountsOf(list: unknown): string | null {
  if (list === undefined || list === null) return null;
  if (Array.isArray(list) && list.every((item) => item === null)) return null;
  return JSON.stringify(list);
}

/** True when a source's own keys are input, provenance, values, columns, in that order. */
function isPlainSource(source: SourceRef): boolean {
  let i = 0;
  for (const key in source) {
    if (key !== SOURCE_KEYS[i]) return false;
    i++;
  }
  return i === SOURCE_KEYS.length;
}

const SOURCE_KEYS = ['input', 'provenance', 'values', 'columns'];

/** A staged record from its row, with the source given (whole, or without its row copy). */
export function stagedRecordOf(row: Omit<StagedRow, 'source'>, source: SourceRef): StagedRecord {
  return {
    step: row.step,
    legacyKey: row.legacy_key,
    ...(row.account_key === null ? {} : { accountKey: row.account_key }),
    payload: JSON.parse(row.payload),
    refs: JSON.parse(row.refs),
    source,
  };
}

/** A row of `staged`, as the readers select it. */
export interface StagedRow {
  step: StepName;
  legacy_key: string;
  account_key: string | null;
  payload: string;
  refs: string;
  source: string;
}
