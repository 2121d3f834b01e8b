import type { StepName } from '../ground/types.js';
import type { AwaitingIds } from './awaiting-ids.js';
import type {
  JournalEntry,
  JournalError,
  JournalRecordMeta,
  JournalRun,
  JournalState,
  RunEnd,
  RunStart,
} from './journal-entry.js';
import type { LoadedId } from './journal-reads.js';

/**
 * What loading a record needs of the journal: read its entry, and mark it in flight, loaded,
 * failed or skipped. Each mark is its own durable transaction (see Journal).
 */
export interface LoadJournal {
  /** The entry of one record, or undefined when nothing was ever sent for it. */
  get(step: StepName, legacyKey: string): JournalEntry | undefined;
  /** In flight, durably, before the write is sent; `before` is what Sonar held (for rollback). */
  markInFlight(
    step: StepName,
    legacyKey: string,
    meta: JournalRecordMeta,
    before?: Record<string, string | number | null>,
  ): void;
  /** Loaded with its Sonar id, in one transaction; `meta` when it was never in flight (adopted). */
  markLoaded(
    step: StepName,
    legacyKey: string,
    result: { sonarId: string | null; sonarRef?: Record<string, string | number> | null; adopted?: boolean },
    meta?: JournalRecordMeta,
  ): void;
  /** Failed: Sonar refused it, or retries ran out. */
  markFailed(step: StepName, legacyKey: string, error: JournalError, meta?: JournalRecordMeta): void;
  /** Skipped, e.g. because its account failed; `reason` says why. */
  markSkipped(
    step: StepName,
    legacyKey: string,
    reason: string | JournalError,
    meta?: JournalRecordMeta,
  ): void;
}

/**
 * What the load runner adds to the five verbs: the same marks group-committed (one fsync per tick),
 * the undo of a send Sonar refused unprocessed, a note on a loaded record, and what settling a
 * previous run's in-flight records reads. Steps never see it.
 */
export interface RunnerJournal extends LoadJournal {
  /** markInFlight through the group commit: resolves once the mark is on disk. */
  markInFlightBatched(
    step: StepName,
    legacyKey: string,
    meta: JournalRecordMeta,
    before?: Record<string, string | number | null>,
  ): Promise<void>;
  /**
   * Runs synchronous marks inside the open group commit; durable once the promise resolves.
   * `atomic` when they change the file in one statement at most (no savepoint needed).
   */
  commitBatched(write: () => void, atomic?: boolean): Promise<void>;
  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T;
  /** Puts an entry back as it was before its last in-flight mark (a 401: nothing was processed). */
  unmarkInFlight(step: StepName, legacyKey: string, before: JournalEntry | undefined): void;
  /** An update of a loaded record is about to be sent (its fields): durable when it returns. */
  markUpdatePending(step: StepName, legacyKey: string, fields: string[]): void;
  /** Sonar took the update of a loaded record: its new fingerprint and fields. */
  markUpdated(step: StepName, legacyKey: string, meta: { fingerprint: string; loadedFields: string }): void;
  /** Notes a problem on a record without changing its state. */
  noteError(step: StepName, legacyKey: string, error: JournalError): void;
  /** Entries of a step and/or state, in pages (callers may mark entries while going through them). */
  entries(step?: StepName, state?: JournalState): Iterable<JournalEntry>;
  /** Every in-flight entry: what a crash or an uncertain answer left unsettled. */
  inFlight(): JournalEntry[];
  /** The Sonar ids of a step's loaded records, of one account (indexed) or of all (undefined). */
  loadedSonarIds(step: StepName, accountKey: string | undefined): Set<string>;
  /** A step's loaded entries still without a Sonar id, to match against Sonar's listing page by page. */
  awaitingIds(step: StepName, identityField: string): AwaitingIds;
  /**
   * The highest Sonar id of a step's records Sonar numbered, journaled loaded within `window`
   * (see JournalReads): what a lookup after a lost answer need not read below.
   */
  highestSonarChosenIdBefore(step: StepName, window: { since: string; before: string }): number | undefined;
  /** Every run, oldest first (settling waits out a killed run's quiet period). */
  runs(): JournalRun[];
  /** Starts a run: see RunSession. */
  beginRun(command?: string, start?: RunStart): RunSession;
}

/**
 * What reports, `status` and `rollback` read and mark: counts, entries, runs, and the rolled-back
 * mark. Loading never needs these.
 */
export interface JournalReader {
  /** Entries of a step and/or state, ordered by step then key, read in pages (never whole). */
  entries(step?: StepName, state?: JournalState): Iterable<JournalEntry>;
  /** Loaded entries of a step that carry a problem noted afterwards (a duplicate in Sonar). */
  flagged(step: StepName): JournalEntry[];
  inFlight(): JournalEntry[];
  /** Counts per step and state. */
  counts(): Array<{ step: StepName; state: JournalState; count: number }>;
  /** The ids of a step's loaded records (loaded.csv), in pages, by key. */
  loadedIds(step: StepName): Iterable<LoadedId>;
  /** Loaded entries adopted (in Sonar before the migration), per step. */
  adoptedCounts(): Map<StepName, number>;
  runs(): JournalRun[];
}

/**
 * One load (or rollback) run: its id in journal_runs, and for its length the run's durability and
 * memory settings (syncs off the thread, the journal's answers kept in memory). `finish` records
 * the end and puts them back, whatever ended the run.
 */
export interface RunSession {
  readonly runId: number;
  /** Records that the run is still alive (its heartbeat). */
  touch(): void;
  /** Records the end of the run (once); `interrupted` on SIGINT or a fatal error. */
  finish(end: RunEnd): void;
  /** Ends the deferred syncs and the memo; resolves once every sync asked for is done. */
  close(): Promise<void>;
}
