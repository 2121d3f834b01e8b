import type { z } from 'zod';
import type { StagedRecord, StepName } from '../ground/types.js';
import type { JournalEntry } from '../journal/journal.js';
import type { SonarClient } from '../sonar/client.js';
import type { ReferenceData } from './reference-data.js';

/** What a step answers for a record that is in Sonar: its id and what a lookup or rollback needs. */
export interface StepResult {
  /** The Sonar id of the record; null when Sonar gives none (a one-time charge). */
  sonarId: string | null;
  sonarRef: Record<string, string | number>;
}

/** A staged record whose pending references (names, sub-accounts, geocode) are resolved. */
export interface ResolvedRecord extends StagedRecord {
  /** The Sonar id of the record's account, when it has one and it is loaded. */
  accountId?: number;
  /** The fingerprint of the staged record (before resolution), as the journal keeps it. */
  fingerprint: string;
}

/** What a step may know of the run besides its own record; never the journal itself. */
export interface StepContext {
  reference: ReferenceData;
  /** Sonar ids already journaled for a step and account, so a lookup never claims a record twice. */
  claimed(step: StepName, accountKey: string | undefined): Set<string>;
  /**
   * The highest Sonar id of `step` that Sonar chose before the record's pending send left: a record
   * at or below it is older than that send, so a lookup after a lost answer need not read below it.
   * Undefined when it cannot be told (an earlier send of the record, no mark to date it): read all.
   */
  idFloor(step: StepName, legacyKey: string): number | undefined;
  /** The next bill date sent with the account's create call, when it was folded in. */
  foldedNextBillDate(accountKey: string | undefined): string | undefined;
  /**
   * For the account's own create call: the next bill date to send with it (one folded by an
   * earlier send, or the one planned). The account is not loaded while its create is sent, so
   * this does not look it up.
   */
  nextBillDateToFold(accountKey: string | undefined): string | undefined;
  /**
   * The `prorate` value every added service and bill-day change sends: false unless the migration
   * says `"prorate": true`. Omitting it would let Sonar use the instance default (doc ~10867, ~1078).
   */
  prorate: boolean;
  signal?: AbortSignal;
}

/** Records another must wait for: satisfied when any one of them is loaded, or none is staged. */
export interface Requirement {
  step: StepName;
  /** Legacy keys of staged records of `step`; any one loaded will do. */
  anyOf: string[];
  /** Says what is needed, for the skip reason, e.g. `voice service 10`. */
  what: string;
}

/**
 * One load step. The runner knows no entity; a step knows nothing of retries, concurrency or
 * journaling: it sends one create, looks one record up, or deletes one.
 */
export interface Step {
  name: StepName;
  /** Steps whose records of the same account load first (the array order in steps.ts honours it). */
  dependsOn: readonly StepName[];
  /** Records of an account, or records of the whole instance (RADIUS groups, the DID inventory). */
  scope: 'account' | 'global';
  /**
   * Its records are the accounts themselves: every other account-scoped step needs the record's
   * account loaded first (see `needsAccount`), and the runner loads an account after its children.
   */
  holdsAccounts?: true;
  /** The legacy keys of the accounts a record names as its sub-accounts: they load before it. */
  childrenOf?(record: StagedRecord): string[];
  /**
   * Records of other steps this record's create loaded too (a next bill date sent with its
   * account), journaled loaded in the same transaction as the record. Return what `after` notes.
   */
  alsoLoaded?(record: ResolvedRecord, result: StepResult, folds: FoldContext): AlsoLoaded[];
  /** What goes with this record's create call from a record of another step (see alsoLoaded). */
  planFold?(reads: FoldReads): { date: string; record: StagedRecord } | undefined;
  /** The value a record of another step already took with this one's create call (journaled). */
  foldedAlready?(reads: FoldReads, accountKey: string): string | undefined;
  /**
   * The skip reason when a record of this step must not be sent to an account that was in Sonar
   * before the migration (its billing parameters), or undefined when it may.
   */
  unchangedOnAdoptedAccount?(record: StagedRecord): string | undefined;
  /**
   * Instance-wide records a record of this step needs (a DID assignment, its DID in the
   * inventory): a load limited to some accounts still loads those, and no other global record.
   */
  globalsWanted?(record: StagedRecord): Array<{ step: StepName; legacyKey: string }>;
  schema: z.ZodType;
  /** Creates the record; rejects with a SonarApiError on failure. */
  create(client: SonarClient, record: ResolvedRecord, ctx: StepContext): Promise<StepResult>;
  /** Finds the record in Sonar (the same content, not yet claimed), or null when it is not there. */
  find(client: SonarClient, record: ResolvedRecord, ctx: StepContext): Promise<StepResult | null>;
  /**
   * Adds to a record found in Sonar (adopted, or settled after a lost answer) the parts Sonar still
   * lacks — a RADIUS group's reply attributes — listing them first, so each part is sent once.
   * Rejects with a SonarApiError; the record stays in flight (or fails, on a terminal refusal).
   */
  complete?(client: SonarClient, record: ResolvedRecord, found: StepResult, ctx: StepContext): Promise<void>;
  /**
   * What Sonar holds before the step writes to an adopted account (which existed before the
   * migration), e.g. its next bill date: journaled before the write, so rollback can restore it.
   */
  snapshot?(
    client: SonarClient,
    record: ResolvedRecord,
    ctx: StepContext,
  ): Promise<Record<string, string | number | null>>;
  /**
   * Deletes what create made (rollback), or puts back what it changed (an adopted account's next
   * bill date). A 404 is not trusted: rollback asks `present` afterwards.
   */
  remove(client: SonarClient, entry: JournalEntry): Promise<void>;
  /** The body of the step's documented update endpoint (see `update`). */
  updateSchema?: z.ZodType;
  /**
   * Sends the changed fields of a loaded record (`body`, valid against `updateSchema`) through
   * Sonar's documented update endpoint; rejects with a SonarApiError. Setting values: sending the
   * same body twice leaves Sonar as sending it once (update-record.ts relies on it).
   */
  update?(
    client: SonarClient,
    entry: JournalEntry & { accountId: number },
    body: Record<string, unknown>,
    ctx: StepContext,
  ): Promise<void>;
  /**
   * True when a change (the fields the journal names; none for a new secret) is one no update
   * endpoint carries, so the record is replaced by delete + create (replace-record.ts). A record
   * whose account changed is always replaced.
   */
  replaceWhen?(changed: string[]): boolean;
  /** Whether what `remove` removes (or restores) is still in Sonar as the load left it: rollback's check. */
  present?(client: SonarClient, entry: JournalEntry): Promise<boolean>;
  /** Specific staged records this one needs loaded besides its account (default: none). */
  requires?(record: StagedRecord, siblings: (step: StepName) => StagedRecord[]): Requirement[];
  /** When set, records are sent in batches (the DID inventory) rather than one by one. */
  batch?: BatchSpec;
  /** The record as the reference data already shows it in Sonar (no request), or null. */
  known?(record: ResolvedRecord, ctx: StepContext): StepResult | null;
  /** True when a lost answer cannot be settled by looking (a one-time charge makes no listable record). */
  unlookable?(record: ResolvedRecord, ctx: StepContext): boolean;
}

/** True when a step's records need their account loaded first (account-scoped, not the accounts). */
export function needsAccount(step: Step): boolean {
  return step.scope === 'account' && step.holdsAccounts !== true;
}

/** What a fold reads of the run: one account's staged records by step, and the journal. */
export interface FoldReads {
  recordsOf(step: StepName): StagedRecord[];
  get(step: StepName, legacyKey: string): JournalEntry | undefined;
  /**
   * The sonarRef of a record this run journaled loaded with its account's create call (null: the
   * mark had none), or undefined when it did not: the same as the journal holds, without reading it.
   */
  foldedNow(step: StepName, legacyKey: string): Record<string, string | number> | null | undefined;
}

/** What `Step.alsoLoaded` may read of the run: the fold planned for an account, if any. */
export interface FoldContext {
  plannedFold(accountKey: string | undefined): { date: string; record: StagedRecord } | undefined;
}

/** A record of another step loaded by this one's create, with what its journal entry holds. */
export interface AlsoLoaded {
  record: StagedRecord;
  result: { sonarId: string | null; sonarRef: Record<string, string | number> };
}

/** How a batched step groups and sends its records. */
export interface BatchSpec {
  /** Records with the same group key go in one request. */
  groupOf(record: ResolvedRecord): string;
  /** At most this many records per request. */
  size: number;
  /** Sends one batch; resolves when Sonar accepted all of it. */
  send(client: SonarClient, records: ResolvedRecord[], ctx: StepContext): Promise<void>;
  /** Looks every record up at once: the result for each record found, keyed by legacyKey. */
  findAll(client: SonarClient, records: ResolvedRecord[], ctx: StepContext): Promise<Map<string, StepResult>>;
  /** The sonar_ref field that names a record in Sonar's listing (the DID number). */
  identityField: string;
  /** Sonar's listing of the step, a page at a time: each row's identity and its result. */
  listed(
    client: SonarClient,
    ctx: StepContext,
  ): AsyncIterable<Array<{ identity: string; result: StepResult }>>;
}
