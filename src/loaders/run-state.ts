import { type ErrorCode, formatProvenance } from '../errors/index.js';
import { stepKey } from '../ground/step-key.js';
import type { StagedRecord, StepName } from '../ground/types.js';
import type { JournalEntry, RunnerJournal } from '../journal/journal.js';
import type { SonarClient } from '../sonar/client.js';
import { redactSecrets } from '../sonar/redact.js';
import type { AimdLimiter } from './concurrency.js';
import { fingerprintOf } from './fingerprint.js';
import type { LoadIndex } from './load-index.js';
import type { ResolveHelpers } from './reference-data.js';
import { geocodeAddress, type ReferenceData } from './reference-data.js';
import type { FoldContext, FoldReads, ResolvedRecord, Step, StepContext } from './types.js';

/** Counts of one step in one run. */
export interface StepTally {
  /** Records in scope. */
  total: number;
  /** Created now. */
  created: number;
  /** Found in Sonar (settled after a lost answer, or already there) and journaled as loaded. */
  found: number;
  /** Loaded by an earlier run: nothing sent. */
  alreadyLoaded: number;
  /** Loaded earlier but staged differently now, and not updated (see update-record.ts). */
  changedSinceLoaded: number;
  /** Loaded earlier, changed in the source, and updated in Sonar now. */
  updated: number;
  /** Loaded earlier, changed as no update can carry, and replaced (delete + create) now. */
  replaced: number;
  failed: number;
  skipped: number;
  /** Still in flight: could not be looked up; the next run looks again. */
  unsettled: number;
  /** Created, but Sonar holds the record twice (an unanswered earlier send landed late): fix by hand. */
  duplicates: number;
}

/** A progress report: one step's tally after a record settled. */
export interface LoadProgress {
  step: StepName;
  tally: StepTally;
}

/** Loaded account entries kept in memory at most (see `accountEntry`). */
const LOADED_ACCOUNTS_KEPT = 10_000;

/** Error codes a plain re-run sends again; any other failure waits for --retry-failed. */
export const retryableCodes: ReadonlySet<string> = new Set(['SONAR_TRANSIENT', 'SONAR_UNCERTAIN']);

/** What every part of one run shares. */
export class RunState {
  readonly tallies = new Map<StepName, StepTally>();
  /**
   * Records journaled loaded along with their account's create call in this run (a folded next
   * bill date), by step and key, with the sonarRef of that mark; dropped when the record's own turn
   * comes (`takeFolded`). Read instead of the journal: nothing else writes those marks in the run.
   */
  readonly #foldedNow = new Map<string, Record<string, string | number> | null>();
  readonly helpers: ResolveHelpers;
  /** What `Step.alsoLoaded` is handed: the fold planned for an account, and nothing else. */
  readonly folds: FoldContext;
  /** Counts waiting for their group commit; a failed commit stays here to be thrown at the end. */
  readonly #commits = new Set<Promise<void>>();
  readonly #loadedAccounts = new Map<string, JournalEntry>();
  /** Floors of records looked up after a lost answer (see `idFloor`): a few, one per lost answer. */
  readonly #floors = new Map<string, number | undefined>();
  /** Records created by a send that followed an unanswered one: checked for doubles at the end. */
  readonly resent: Array<{ step: Step; record: ResolvedRecord }> = [];

  constructor(
    readonly client: SonarClient,
    readonly journal: RunnerJournal,
    readonly reference: ReferenceData,
    readonly index: LoadIndex,
    readonly limiter: AimdLimiter,
    readonly options: {
      retryFailed: boolean;
      foldNextBillDates: boolean;
      /** The `prorate` sent with every added service and bill-day change (config, default false). */
      prorate: boolean;
      maxSends: number;
      /** Wait after an unanswered write before looking it up (see quiet-period.ts). */
      quietMs: number;
      signal?: AbortSignal;
      onProgress?: (progress: LoadProgress) => void;
    },
  ) {
    this.helpers = {
      accountId: (legacyKey) => this.accountId(legacyKey),
      geocode: (address) => this.limiter.run(() => geocodeAddress(client, address, options.signal)),
    };
    this.folds = { plannedFold: (accountKey) => this.plannedFold(accountKey) };
  }

  /** The tally of a step, created on first use. */
  tally(step: StepName): StepTally {
    let tally = this.tallies.get(step);
    if (!tally) {
      tally = {
        total: this.index.totals.get(step) ?? 0,
        created: 0,
        found: 0,
        alreadyLoaded: 0,
        changedSinceLoaded: 0,
        updated: 0,
        replaced: 0,
        failed: 0,
        skipped: 0,
        unsettled: 0,
        duplicates: 0,
      };
      this.tallies.set(step, tally);
    }
    return tally;
  }

  /** Counts one outcome and tells the progress listener. */
  count(step: StepName, outcome: Exclude<keyof StepTally, 'total'>): void {
    const tally = this.tally(step);
    tally[outcome] += 1;
    this.options.onProgress?.({ step, tally: { ...tally } });
  }

  /** Counts `outcome` once `committed` (the record's journal write) resolves; see `commitsLanded`. */
  countOnCommit(step: StepName, outcome: 'created' | 'found', committed: Promise<void>): void {
    const counted = committed.then(() => this.count(step, outcome));
    this.#commits.add(counted);
    // Handled here (no unhandled rejection); a failure is kept and thrown by commitsLanded.
    counted.then(
      () => this.#commits.delete(counted),
      () => undefined,
    );
  }

  /** Waits for every pending journal commit of this run; throws the first that failed. */
  async commitsLanded(): Promise<void> {
    while (this.#commits.size > 0) await Promise.all([...this.#commits]);
  }

  get aborted(): boolean {
    return this.options.signal?.aborted === true;
  }

  /** The Sonar id of a loaded account, by legacy key. */
  accountId(legacyKey: string | undefined): number | undefined {
    if (legacyKey === undefined) return undefined;
    const entry = this.accountEntry(legacyKey);
    return entry?.state === 'loaded' && entry.sonarId !== null ? Number(entry.sonarId) : undefined;
  }

  /**
   * The journal entry of an account, remembered once it reads `loaded`: a load never takes a
   * loaded mark back (only `rollback` does, and it holds the state file's lock), so that entry
   * stays true for the rest of the run and every record of the account reads it from memory.
   */
  accountEntry(legacyKey: string): JournalEntry | undefined {
    const known = this.#loadedAccounts.get(legacyKey);
    if (known) return known;
    const entry = this.accountEntryUncached(legacyKey);
    if (entry?.state === 'loaded') {
      // A cache, not a record: emptied when full, so a million accounts never all sit here.
      if (this.#loadedAccounts.size >= LOADED_ACCOUNTS_KEPT) this.#loadedAccounts.clear();
      this.#loadedAccounts.set(legacyKey, entry);
    }
    return entry;
  }

  /** The journal entry of an account as the journal holds it now (nothing remembered). */
  accountEntryUncached(legacyKey: string): JournalEntry | undefined {
    return this.index.accountStep === undefined
      ? undefined
      : this.journal.get(this.index.accountStep, legacyKey);
  }

  /** The journal entry of a record; an account's through `accountEntry`. */
  entryOf(step: StepName, legacyKey: string): JournalEntry | undefined {
    return step === this.index.accountStep ? this.accountEntry(legacyKey) : this.journal.get(step, legacyKey);
  }

  /**
   * What goes with the account create call (its staged next bill date: plannedNextBillDate says
   * when), asked of the account step only when every step runs (no --only).
   */
  plannedFold(accountKey: string | undefined): { date: string; record: StagedRecord } | undefined {
    if (!this.options.foldNextBillDates || accountKey === undefined) return undefined;
    return this.index.accountHooks?.planFold?.(this.foldReads(accountKey));
  }

  /** What the account step's fold hooks read: this account's records, and the journal. */
  private foldReads(accountKey: string): FoldReads {
    return {
      recordsOf: (step) => this.index.recordsOf(accountKey, step),
      get: (step, legacyKey) => this.journal.get(step, legacyKey),
      foldedNow: (step, legacyKey) => this.#foldedNow.get(stepKey(step, legacyKey)),
    };
  }

  /** A record was journaled loaded with its account's create call (`sonarRef`: that mark's). */
  noteFolded(step: StepName, legacyKey: string, sonarRef: Record<string, string | number> | null): void {
    this.#foldedNow.set(stepKey(step, legacyKey), sonarRef);
  }

  /** True, once, when this run folded the record into its account's create call (see noteFolded). */
  takeFolded(step: StepName, legacyKey: string): boolean {
    return this.#foldedNow.delete(stepKey(step, legacyKey));
  }

  /** The StepContext handed to steps. */
  context(): StepContext {
    return {
      reference: this.reference,
      signal: this.options.signal,
      prorate: this.options.prorate,
      claimed: (step, accountKey) => this.claimed(step, accountKey),
      idFloor: (step, legacyKey) => this.idFloor(step, legacyKey),
      foldedNextBillDate: (accountKey) => this.foldedNextBillDate(accountKey),
      // Only the create call takes a planned fold; once the account exists it is too late.
      nextBillDateToFold: (accountKey) =>
        this.foldedNextBillDate(accountKey) ?? this.plannedFold(accountKey)?.date,
    };
  }

  /** The next bill date journaled as sent with the account's create call, if it was. */
  private foldedNextBillDate(accountKey: string | undefined): string | undefined {
    if (accountKey === undefined) return undefined;
    return this.index.accountHooks?.foldedAlready?.(this.foldReads(accountKey), accountKey);
  }

  /** Sonar ids a step already journaled for an account (or for the whole step). */
  claimed(step: StepName, accountKey: string | undefined): Set<string> {
    return this.journal.loadedSonarIds(step, accountKey);
  }

  /**
   * See StepContext.idFloor: read from the journal at the record's first send, and kept for the
   * rest of the run — a floor below the first send is one below every later send of the record
   * too, which the lookups after a re-send and the check for doubles at the end of the run use.
   */
  idFloor(step: StepName, legacyKey: string): number | undefined {
    const key = stepKey(step, legacyKey);
    if (this.#floors.has(key)) return this.#floors.get(key);
    const entry = this.journal.get(step, legacyKey);
    // Its first send only: an unanswered earlier send may have landed below a later floor.
    if (entry?.state !== 'in_flight' || entry.attempts !== 1) return undefined;
    // Marks of the run that sent it (the latest load started at or before its mark) and no older:
    // a staging Sonar rebuilt between runs may number again from below what older runs journaled.
    const sender = [...this.journal.runs()]
      .reverse()
      .find((r) => r.command === 'load' && r.startedAt <= entry.updatedAt);
    const floor = sender
      ? this.journal.highestSonarChosenIdBefore(step, { since: sender.startedAt, before: entry.updatedAt })
      : undefined;
    this.#floors.set(key, floor);
    return floor;
  }

  /** Journals a failure with a message that says where the row came from; never a secret. */
  fail(record: StagedRecord, code: ErrorCode | string, message: string): void {
    const where = formatProvenance(record.source.provenance);
    this.journal.markFailed(
      record.step,
      record.legacyKey,
      { code: code as ErrorCode, message: redactSecrets(`${where}: ${message}`) },
      { accountKey: record.accountKey ?? null, fingerprint: fingerprintOf(record) },
    );
    this.count(record.step, 'failed');
  }

  /** Journals a skip with its reason. */
  skip(record: StagedRecord, reason: string): void {
    const where = formatProvenance(record.source.provenance);
    this.journal.markSkipped(record.step, record.legacyKey, `${where}: ${reason}`, {
      accountKey: record.accountKey ?? null,
      fingerprint: fingerprintOf(record),
    });
    this.count(record.step, 'skipped');
  }
}

/** Whether a journaled record is left alone by this run (and why), or must be (re)sent. */
export function settledBefore(
  entry: JournalEntry | undefined,
  retryFailed: boolean,
): 'loaded' | 'failed' | 'in_flight' | undefined {
  if (!entry) return undefined;
  if (entry.state === 'loaded') return 'loaded';
  if (entry.state === 'in_flight') return 'in_flight';
  if (entry.state === 'failed' && !retryFailed && !retryableCodes.has(entry.lastError?.code ?? ''))
    return 'failed';
  return undefined;
}
