import type { StepName } from '../ground/types.js';
import type { StateDb } from '../store/database.js';
import type { JournalEntry, JournalState } from './journal-entry.js';
import type { MemoSlot } from './journal-memo.js';
import { type EntryRow, entryColumns, entryFromRow } from './journal-rows.js';
import type { JournalStatements } from './journal-statements.js';

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
   * Entries, optionally of one step and/or state, ordered by step then key: read whole into a list,
   * since callers mark entries while going through them, which a live SQLite cursor forbids.
   */
  entries(step?: StepName, state?: JournalState): JournalEntry[] {
    const where: string[] = [];
    const params: string[] = [];
    if (step !== undefined) {
      where.push('step = ?');
      params.push(step);
    }
    if (state !== undefined) {
      where.push('state = ?');
      params.push(state);
    }
    const sql = `SELECT ${entryColumns} FROM journal ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY step, legacy_key`;
    return (this.db.prepare(sql).all(...params) as EntryRow[]).map(entryFromRow);
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
   * The highest Sonar id among a step's records Sonar numbered and this journal marked loaded
   * within `window` (`since` inclusive, `before` exclusive: ISO times, as marks keep them), or
   * undefined. Sonar numbers new records in ascending order, so a record a request sent after
   * `before` created has a higher id. Left out, as they say nothing of Sonar's counter: records
   * found already there (adopted), records sent with an id of their own (a loaded field `id`, or
   * no loaded fields to tell), and marks a later write re-dated (leaving them out only lowers it).
   */
  highestSonarChosenIdBefore(step: StepName, window: { since: string; before: string }): number | undefined {
    const sql = `SELECT max(CAST(sonar_id AS INTEGER)) FROM journal
      WHERE step = ? AND state = 'loaded' AND adopted = 0 AND sonar_id IS NOT NULL
        AND updated_at >= ? AND updated_at < ?
        AND loaded_fields IS NOT NULL AND json_extract(loaded_fields, '$.id') IS NULL`;
    const highest = this.db.prepare(sql).pluck().get(step, window.since, window.before) as number | null;
    return highest === null ? undefined : highest;
  }

  /** Loaded entries of a step that carry a problem noted afterwards (a duplicate in Sonar), read whole. */
  flagged(step: StepName): JournalEntry[] {
    const rows = this.db
      .prepare(
        `SELECT ${entryColumns} FROM journal WHERE step = ? AND state = 'loaded' AND last_error IS NOT NULL ORDER BY legacy_key`,
      )
      .all(step) as EntryRow[];
    return rows.map(entryFromRow);
  }

  /** Every in-flight entry: what a crash or an uncertain answer left unsettled. */
  inFlight(): JournalEntry[] {
    return this.entries(undefined, 'in_flight');
  }

  /** Counts per step and state. */
  counts(): Array<{ step: StepName; state: JournalState; count: number }> {
    return this.statements.counts.all() as Array<{ step: StepName; state: JournalState; count: number }>;
  }
}
