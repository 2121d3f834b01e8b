import type { ErrorCode } from '../errors/index.js';
import type { StepName } from '../ground/types.js';

/**
 * Where a record stands in the load. `staged` and `rejected` live in the staging tables; a record
 * enters the journal the moment its first write is about to be sent (`in_flight`).
 */
export type JournalState = 'in_flight' | 'loaded' | 'failed' | 'skipped' | 'rolled_back';

/** What reports say of a record still in flight: its outcome is unknown until the next run looks. */
export const unsettledError: JournalError = {
  code: 'JOURNAL_UNSETTLED',
  message: 'unknown: will be looked up on the next run (it was sent, and no answer said whether it landed)',
};

/** Every journal state, in the order reports list them. */
export const journalStates: readonly JournalState[] = [
  'in_flight',
  'loaded',
  'failed',
  'skipped',
  'rolled_back',
];

/** Why a record failed or was skipped: a code and a message, never a secret or a request body. */
export interface JournalError {
  code: ErrorCode;
  message: string;
}

/** What the journal knows of one (step, legacyKey). */
export interface JournalEntry {
  step: StepName;
  legacyKey: string;
  accountKey: string | null;
  state: JournalState;
  /** How many times a write was started for this record (1 on the first send). */
  attempts: number;
  sonarId: string | null;
  /** What a lookup or a rollback needs, e.g. `{accountId, contactId}`. */
  sonarRef: Record<string, string | number> | null;
  /** Hash of the resolved payload: equal fingerprints mean "nothing to send again". */
  fingerprint: string;
  /**
   * The loaded record's fields as JSON (loaders/loaded-fields.ts), so `plan` names what an edit
   * changed; null when loaded before the journal kept them, or by a batch.
   */
  loadedFields: string | null;
  /**
   * The fields of an update sent or about to be sent (marked durably first) and not yet answered:
   * the next run sends them again with the source's values (an update sets values, so sending it
   * twice leaves Sonar as sending it once). Null when no update is pending.
   */
  pendingUpdate: string[] | null;
  lastError: JournalError | null;
  /** True when the record was found already in Sonar (settled by lookup) rather than created now. */
  adopted: boolean;
  updatedAt: string;
}

/** One `load` (or `rollback`) run, as `status` and reports list them. */
export interface JournalRun {
  id: number;
  command: string;
  startedAt: string;
  finishedAt: string | null;
  /** The run's last heartbeat (see `touchRun`): it may have sent requests until shortly after. */
  aliveAt: string | null;
  interrupted: boolean;
  /** What the run was asked to send (`--only`, `--accounts`, …); null for a run recorded before they were kept. */
  options: RunOptions | null;
  /** Records this run marked failed; null when unknown (it crashed, or was recorded before). */
  failed: number | null;
  /** Records this run skipped (their account or a record they need failed); null when unknown. */
  skipped: number | null;
  /** Rows rejected by validation when the run started (never sent); null when unknown. */
  rejected: number | null;
}

/** The options of a run that change what it sends, as the journal keeps them for the reports. */
export interface RunOptions {
  /** `--only`: the steps that sent anything. */
  only?: string[];
  /** `--accounts`: how many legacy account numbers, and the first few of them. */
  accounts?: { count: number; first: string[] };
  /** `--retry-failed`: failed records were sent again. */
  retryFailed?: boolean;
  /** `prorate` (config): sent with every added service and bill-day change. */
  prorate?: boolean;
}

/** What a run knows when it starts: its options, and the rows validation rejected. */
export interface RunStart {
  options?: RunOptions;
  rejected?: number;
}

/** How a run ended: interrupted or not, and (when known) how many records it failed or skipped. */
export interface RunEnd {
  interrupted: boolean;
  failed?: number;
  skipped?: number;
}

/** Identity of a record when it is first journaled. */
export interface JournalRecordMeta {
  accountKey: string | null;
  fingerprint: string;
  /** The record's fields as the loaded mark keeps them (see JournalEntry.loadedFields). */
  loadedFields?: string;
}
