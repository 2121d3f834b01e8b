import type { StepName } from '../ground/types.js';
import type { StateDb } from '../store/database.js';
import { keysetRows } from '../store/keyset-pages.js';
import { migrateStateDb } from '../store/schema.js';
import { AwaitingIds } from './awaiting-ids.js';
import { GroupCommit } from './group-commit.js';
import type {
  JournalEntry,
  JournalError,
  JournalRecordMeta,
  JournalRun,
  JournalState,
  RunEnd,
  RunStart,
} from './journal-entry.js';
import { JournalMarks } from './journal-marks.js';
import { JournalMemo, type MemoSlot } from './journal-memo.js';
import { ENTRY_PAGE, JournalReads, type LoadedId } from './journal-reads.js';
import { JournalRuns } from './journal-runs.js';
import { type JournalStatements, prepareJournalStatements } from './journal-statements.js';
import type { JournalReader, RunnerJournal, RunSession } from './load-journal.js';
import { beginRunSession } from './run-session.js';

export type {
  JournalEntry,
  JournalError,
  JournalRecordMeta,
  JournalRun,
  JournalState,
  RunEnd,
  RunOptions,
  RunStart,
} from './journal-entry.js';
export { journalStates, unsettledError } from './journal-entry.js';
export type { JournalReader, LoadJournal, RunnerJournal, RunSession } from './load-journal.js';

/**
 * The load journal: one row per (step, legacyKey) in the state file. Every mark is its own
 * committed SQLite transaction (the state file runs with synchronous=FULL), so `markInFlight`
 * is on disk before the request leaves and `markLoaded` lands with the Sonar id atomically.
 * The loader's hot path uses the batched twins (`markInFlightBatched`, `commitBatched`): the same
 * marks, group-committed — one fsync per tick instead of one per mark, each promise resolving
 * after its commit. Every other write first commits the open group (`GroupCommit.outside`), so
 * it stays its own durable transaction.
 *
 * It puts together the read side (`JournalReads`), the marks (`JournalMarks`), the run records
 * (`JournalRuns`) and the run session (`beginRunSession`); the interfaces its callers see are in
 * load-journal.ts.
 */
export class Journal implements RunnerJournal, JournalReader {
  private readonly statements: JournalStatements;
  private readonly group: GroupCommit;
  /** While a load runs (`remember`): what the journal knows, kept in memory (see JournalMemo). */
  private readonly memo: MemoSlot = { current: undefined };
  private readonly reads: JournalReads;
  private readonly marks: JournalMarks;
  private readonly runRecords: JournalRuns;

  constructor(private readonly db: StateDb) {
    this.group = new GroupCommit(db);
    migrateStateDb(db);
    this.statements = prepareJournalStatements(db);
    this.reads = new JournalReads(db, this.statements, this.memo);
    this.marks = new JournalMarks(this.statements, this.group, this.memo);
    this.runRecords = new JournalRuns(this.statements, this.group);
  }

  /**
   * The connection the journal's tables are on: SQL may join them with the staging tables when
   * those share it (delta.ts), and keep temporary tables beside them (rollback-order.ts).
   */
  get connection(): StateDb {
    return this.db;
  }

  get(step: StepName, legacyKey: string): JournalEntry | undefined {
    return this.reads.get(step, legacyKey);
  }

  markInFlight(
    step: StepName,
    legacyKey: string,
    meta: JournalRecordMeta,
    before?: Record<string, string | number | null>,
  ): void {
    this.marks.markInFlight(step, legacyKey, meta, before);
  }

  /**
   * For a write Sonar refused without processing it (401): the record is pending again — not
   * failed, and not in flight (nothing to look up).
   */
  unmarkInFlight(step: StepName, legacyKey: string, before: JournalEntry | undefined): void {
    this.marks.unmarkInFlight(step, legacyKey, before);
  }

  noteError(step: StepName, legacyKey: string, error: JournalError): void {
    this.marks.noteError(step, legacyKey, error);
  }

  /**
   * Marks a record in flight through the group commit: resolves only once the transaction holding
   * the mark (shared with the other marks asked for in the same tick) is on disk — send after that.
   */
  markInFlightBatched(
    step: StepName,
    legacyKey: string,
    meta: JournalRecordMeta,
    before?: Record<string, string | number | null>,
  ): Promise<void> {
    // One statement (the in-flight upsert): atomic.
    return this.group.commit(() => this.markInFlight(step, legacyKey, meta, before), true);
  }

  /**
   * Runs `write` (synchronous marks, e.g. `markLoaded`) now, all of it or none, inside the open
   * group-commit transaction: reads on this journal see it at once, and it is durable once that
   * transaction commits — with the next in-flight marks, at the latest when this promise resolves.
   * Whatever depends on it durably must await this promise or a later group commit. `atomic`: the
   * write changes the file in one statement at most, so it runs without a savepoint
   * (GroupCommit.runNow).
   */
  commitBatched(write: () => void, atomic = false): Promise<void> {
    return this.group.runNow(write, atomic);
  }

  markLoaded(
    step: StepName,
    legacyKey: string,
    result: { sonarId: string | null; sonarRef?: Record<string, string | number> | null; adopted?: boolean },
    meta?: JournalRecordMeta,
  ): void {
    this.marks.markLoaded(step, legacyKey, result, meta);
  }

  markFailed(step: StepName, legacyKey: string, error: JournalError, meta?: JournalRecordMeta): void {
    this.marks.markFailed(step, legacyKey, error, meta);
  }

  markSkipped(
    step: StepName,
    legacyKey: string,
    reason: string | JournalError,
    meta?: JournalRecordMeta,
  ): void {
    this.marks.markSkipped(step, legacyKey, reason, meta);
  }

  /** See JournalMarks.markUpdatePending: durable when it returns. */
  markUpdatePending(step: StepName, legacyKey: string, fields: string[]): void {
    this.marks.markUpdatePending(step, legacyKey, fields);
  }

  /** See JournalMarks.markUpdated. */
  markUpdated(step: StepName, legacyKey: string, meta: { fingerprint: string; loadedFields: string }): void {
    this.marks.markUpdated(step, legacyKey, meta);
  }

  /** Marks a loaded record as deleted again by `rollback`. */
  markRolledBack(step: StepName, legacyKey: string): void {
    this.marks.markRolledBack(step, legacyKey);
  }

  /** See JournalReads.entries: keyset pages, so marking while going through them is fine. */
  entries(step?: StepName, state?: JournalState): Generator<JournalEntry, void, undefined> {
    return this.reads.entries(step, state);
  }

  loadedSonarIds(step: StepName, accountKey: string | undefined): Set<string> {
    return this.reads.loadedSonarIds(step, accountKey);
  }

  /** See AwaitingIds: a step's loaded entries without a Sonar id, matched page by page; close it after. */
  awaitingIds(step: StepName, identityField: string): AwaitingIds {
    return new AwaitingIds(this.db, step, identityField);
  }

  highestSonarChosenIdBefore(step: StepName, window: { since: string; before: string }): number | undefined {
    return this.reads.highestSonarChosenIdBefore(step, window);
  }

  flagged(step: StepName): JournalEntry[] {
    return this.reads.flagged(step);
  }

  inFlight(): JournalEntry[] {
    return this.reads.inFlight();
  }

  loadedIds(step: StepName): Generator<LoadedId, void, undefined> {
    return this.reads.loadedIds(step);
  }

  adoptedCounts(): Map<StepName, number> {
    return this.reads.adoptedCounts();
  }

  counts(): Array<{ step: StepName; state: JournalState; count: number }> {
    return this.reads.counts();
  }

  /**
   * Starts a load run (see RunSession and run-session.ts). Only for a run that holds the state
   * file's lock, as `load` does.
   */
  beginRun(command = 'load', start?: RunStart): RunSession {
    return beginRunSession(this, command, start);
  }

  /** Records the start of a run and returns its id (a run without a session, e.g. rollback). */
  startRun(command = 'load', start?: RunStart): number {
    return this.runRecords.start(command, start);
  }

  /** Records the end of a run; `interrupted` when it stopped on SIGINT or a fatal error. */
  finishRun(runId: number, end: RunEnd): void {
    this.runRecords.finish(runId, end);
  }

  /** Records that a run is still alive (its heartbeat). */
  touchRun(runId: number): void {
    this.runRecords.touch(runId);
  }

  runs(): JournalRun[] {
    return this.runRecords.list();
  }

  /**
   * Keeps what the journal knows in memory until `forget` is called (see JournalMemo): only for a
   * run that holds the state file's lock, as `load` does, since writes by anything else are missed.
   */
  remember(): { forget: () => void } {
    const some = this.statements.keysOf;
    const page = this.db.prepare(
      `SELECT legacy_key FROM journal WHERE step = ? AND legacy_key > ? ORDER BY legacy_key LIMIT ${ENTRY_PAGE}`,
    );
    this.memo.current = new JournalMemo({
      some: (step, limit) => some.all(step, limit) as string[],
      *all(step) {
        for (const row of keysetRows<{ legacy_key: string }>(page, [step], ENTRY_PAGE)) yield row.legacy_key;
      },
    });
    return { forget: () => (this.memo.current = undefined) };
  }

  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T {
    return this.group.outside(() => this.db.transaction(fn)());
  }

  /** Group commits made so far by this journal (each one fsync): for diagnostics and tests. */
  get groupCommits(): number {
    return this.group.commits;
  }

  /** Writes outside the group synced on the thread while syncs were deferred: for diagnostics and tests. */
  get syncsOnThread(): number {
    return this.group.syncsOnThread;
  }

  /**
   * Takes the fsync of each commit off the thread until `restore` resolves (see
   * `GroupCommit.deferSyncs`): every mark is still on disk when its call returns or its promise
   * resolves. `load` uses it for the length of a run.
   */
  deferSyncs(): { restore: () => Promise<void> } {
    return this.group.deferSyncs();
  }
}
