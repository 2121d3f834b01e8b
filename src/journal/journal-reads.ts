import type { StepName } from '../ground/types.js';
import type { StateDb } from '../store/database.js';
import { keysetRows } from '../store/keyset-pages.js';
import { unsettledTerm } from '../store/schema.js';
import type { JournalEntry, JournalState } from './journal-entry.js';
import type { MemoSlot } from './journal-memo.js';
import { type EntryRow, entryColumns, entryFromRow } from './journal-rows.js';
import type { JournalStatements } from './journal-statements.js';

/**
 * Loaded marks the lost-answer floor reads back from (highestSonarChosenIdBefore): enough that a
 * few dozen requests answered out of order around the lost one do not matter, few enough to read at once.
 */
const FLOOR_MARKS = 256;

/** A loaded record's ids, as loaded.csv lists them. */
export interface LoadedId {
  legacyKey: string;
  accountKey: string | null;
  sonarId: string | null;
  adopted: boolean;
}

/** Rows per page of `entries`: a few MB of entries at the most, and one query per 2,000 rows. */
export const ENTRY_PAGE = 2_000;

/** The read side of the journal: one entry (through the run's memo), lists of entries, counts. */
export class JournalReads {
  constructor(
    private readonly db: StateDb,
    private readonly statements: JournalStatements,
    private readonly memo: MemoSlot,
  ) {}

  /** The entry of one record, or undefined when nothing was ever sent for it. */
  get(step: StepName, legacyKey: string): JournalEntry | undefined {
    const memo = this.memo.current;
    if (memo) {
      if (memo.absent(step, legacyKey)) return undefined;
      const kept = memo.entry(step, legacyKey);
      if (kept) return kept;
    }
    const row = this.statements.get.get(step, legacyKey) as EntryRow | undefined;
    if (!row) return undefined;
    const entry = entryFromRow(row);
    memo?.keep(entry);
    return entry;
  }

  /**
   * Entries, optionally of one step and/or state, ordered by step then key (the primary key), read
   * in keyset pages of ENTRY_PAGE rows (`WHERE (step, legacy_key) > last LIMIT n`): memory stays one
   * page whatever the journal holds, and callers may mark entries while going through them, which a
   * live SQLite cursor forbids (no other statement runs on a connection while one iterates). An
   * entry marked meanwhile is read as it is when its page is read; none is read twice or skipped.
   */
  *entries(step?: StepName, state?: JournalState): Generator<JournalEntry, void, undefined> {
    const where: string[] = [];
    const params: string[] = [];
    if (step !== undefined) {
      where.push('step = ?');
      params.push(step);
    }
    if (state !== undefined) {
      // Entries not loaded (in flight, failed, skipped, rolled back) come from the journal_unsettled
      // index, whose condition the query repeats. Of every step, a large set (loaded, always; a
      // rolled-back journal) instead walks the primary key (`+state` keeps SQLite off any state
      // index): the index's pages of a state across steps are sorted per page, quadratic in the set.
      if (step === undefined && (state === 'loaded' || this.countUnsettled(state) > ENTRY_PAGE))
        where.push('+state = ?');
      else where.push(state === 'loaded' ? 'state = ?' : `state = ? AND ${unsettledTerm}`);
      params.push(state);
    }
    const after = step === undefined ? '(step, legacy_key) > (?, ?)' : 'legacy_key > ?';
    const page = (conditions: string[]) =>
      this.db.prepare(
        `SELECT ${entryColumns} FROM journal ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY step, legacy_key LIMIT ${ENTRY_PAGE}`,
      );
    const next = page([...where, after]);
    let rows = page(where).all(...params) as EntryRow[];
    for (;;) {
      for (const row of rows) yield entryFromRow(row);
      const last = rows.at(-1);
      if (!last || rows.length < ENTRY_PAGE) return;
      const from = step === undefined ? [last.step, last.legacy_key] : [last.legacy_key];
      rows = next.all(...params, ...from) as EntryRow[];
    }
  }

  /** The Sonar ids of a step's loaded records, of one account (journal_account index) or of all. */
  loadedSonarIds(step: StepName, accountKey: string | undefined): Set<string> {
    const sql = `SELECT sonar_id FROM journal WHERE ${accountKey === undefined ? '' : 'account_key = ? AND '}step = ? AND state = 'loaded' AND sonar_id IS NOT NULL`;
    const params = accountKey === undefined ? [step] : [accountKey, step];
    return new Set(
      this.db
        .prepare(sql)
        .pluck()
        .all(...params) as string[],
    );
  }

  /**
   * A floor under the Sonar id of a record sent at `window.before`: the highest id among the latest
   * FLOOR_MARKS journal rows (by insertion) of a step's records Sonar numbered and this journal
   * marked loaded within `window` (`since` inclusive, `before` exclusive: ISO times, as marks keep
   * them), or undefined. Sonar numbers new records in ascending order, so a record a request sent
   * after `before` created has a higher id than any of them: any of those marks bounds it from
   * below, and the latest are the closest bound. The rows are read newest first down the table
   * itself (NOT INDEXED: no index is in insertion order), so the read stops after FLOOR_MARKS
   * matches instead of going through every record the step loaded; rows are inserted at a record's
   * first mark, so the newest rows are the records sent last. Left out, as they say nothing of
   * Sonar's counter: records found already there (adopted), records sent with an id of their own
   * (a loaded field `id`, or no loaded fields to tell), and marks a later write re-dated (leaving
   * them out only lowers it).
   */
  highestSonarChosenIdBefore(step: StepName, window: { since: string; before: string }): number | undefined {
    const sql = `SELECT max(id) FROM (
        SELECT CAST(sonar_id AS INTEGER) AS id FROM journal NOT INDEXED
        WHERE state = 'loaded' AND step = ? AND updated_at >= ? AND updated_at < ?
          AND adopted = 0 AND sonar_id IS NOT NULL
          AND loaded_fields IS NOT NULL AND json_extract(loaded_fields, '$.id') IS NULL
        ORDER BY rowid DESC LIMIT ${FLOOR_MARKS})`;
    const highest = this.db.prepare(sql).pluck().get(step, window.since, window.before) as number | null;
    return highest === null ? undefined : highest;
  }

  /** Loaded entries of a step that carry a problem noted afterwards (a duplicate in Sonar), read whole. */
  flagged(step: StepName): JournalEntry[] {
    const rows = this.db
      .prepare(
        // The partial index holds only these: SQLite, without statistics, would walk the step's loaded entries.
        `SELECT ${entryColumns} FROM journal INDEXED BY journal_flagged
         WHERE step = ? AND state = 'loaded' AND last_error IS NOT NULL ORDER BY legacy_key`,
      )
      .all(step) as EntryRow[];
    return rows.map(entryFromRow);
  }

  /** Every in-flight entry: what a crash or an uncertain answer left unsettled (a few: read whole). */
  inFlight(): JournalEntry[] {
    return [...this.entries(undefined, 'in_flight')];
  }

  /** How many entries are in a state other than loaded (the journal_unsettled index). */
  private countUnsettled(state: Exclude<JournalState, 'loaded'>): number {
    return this.db
      .prepare(`SELECT count(*) FROM journal WHERE state = ? AND ${unsettledTerm}`)
      .pluck()
      .get(state) as number;
  }

  /**
   * The ids of a step's loaded records, by key, in keyset pages of ENTRY_PAGE: what loaded.csv
   * shows, without reading (and parsing) the rest of each entry.
   */
  *loadedIds(step: StepName): Generator<LoadedId, void, undefined> {
    const page = this.db.prepare(
      `SELECT legacy_key, account_key, sonar_id, adopted FROM journal
       WHERE step = ? AND +state = 'loaded' AND legacy_key > ? ORDER BY legacy_key LIMIT ${ENTRY_PAGE}`,
    );
    type Row = { legacy_key: string; account_key: string | null; sonar_id: string | null; adopted: number };
    for (const r of keysetRows<Row>(page, [step], ENTRY_PAGE))
      yield {
        legacyKey: r.legacy_key,
        accountKey: r.account_key,
        sonarId: r.sonar_id,
        adopted: r.adopted === 1,
      };
  }

  /** Loaded entries that were adopted (in Sonar before the migration), per step. */
  adoptedCounts(): Map<StepName, number> {
    const rows = this.db
      .prepare(
        "SELECT step, count(*) AS n FROM journal WHERE +state = 'loaded' AND adopted = 1 GROUP BY step",
      )
      .all() as Array<{ step: StepName; n: number }>;
    return new Map(rows.map((r) => [r.step, r.n]));
  }

  /**
   * Counts per step and state, ordered by step then state. Loaded entries are counted as a step's
   * entries less its others: both counts read an index (the primary key's, journal_unsettled), where
   * counting the loaded ones themselves would read the whole table.
   */
  counts(): Array<{ step: StepName; state: JournalState; count: number }> {
    type Count = { step: StepName; state: JournalState; count: number };
    const counts = this.statements.unsettledCounts.all() as Count[];
    const steps = this.statements.stepCounts.all() as Array<{ step: StepName; count: number }>;
    for (const { step, count: all } of steps) {
      const loaded = all - counts.reduce((n, c) => (c.step === step ? n + c.count : n), 0);
      if (loaded > 0) counts.push({ step, state: 'loaded', count: loaded });
    }
    return counts.sort((a, b) => inOrder(a.step, b.step) || inOrder(a.state, b.state));
  }
}

/** Text compared as SQLite's ORDER BY compares it (by code unit, not by locale). */
function inOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
