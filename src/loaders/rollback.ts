import pLimit from 'p-limit';
import type { StepName } from '../ground/types.js';
import type { Journal, JournalEntry } from '../journal/journal.js';
import { SonarApiError } from '../sonar/errors.js';
import { redactSecrets } from '../sonar/redact.js';
import type { StagedRecords } from '../store/staged-records.js';
import { accountsInRemovalOrder } from './rollback-order.js';

/** What rollback needs of a load step: its name and how to delete what it created. */
export interface RemovableStep<Client> {
  name: StepName;
  remove(client: Client, entry: JournalEntry): Promise<void>;
  /** Whether the record is still in Sonar after `remove`: every delete is confirmed by it. */
  present?(client: Client, entry: JournalEntry): Promise<boolean>;
}

/** What rollback did to one step. */
export interface RollbackStepResult {
  step: StepName;
  /** Deleted now. */
  removed: number;
  /** Sonar answered 404 and a lookup confirms it is gone: deleted earlier (by an interrupted rollback, by hand, or with its account). */
  alreadyGone: number;
  /** An adopted account's next bill date put back as it was before the load. */
  restored: number;
  /** Loaded records that were already in Sonar before the load (adopted): never deleted. */
  keptAdopted: number;
  /** Records whose delete failed; they stay `loaded` so a re-run tries them again. */
  failed: number;
  /** Records still in flight (could not be settled): their fate is unknown, so nothing was deleted for them. */
  unsettled: number;
  /** Records with no id of their own (a one-time charge's transaction) that go with their deleted account. */
  withAccount: number;
  /** Failed or skipped records (never in Sonar) reset, so the next rehearsal sends them afresh. */
  reset: number;
}

/** A record rollback could not delete (or could not tell whether it is in Sonar). */
export interface RollbackFailure {
  step: StepName;
  legacyKey: string;
  code: string;
  message: string;
}

/** The outcome of rollbackJournal. */
export interface RollbackResult {
  steps: RollbackStepResult[];
  failures: RollbackFailure[];
  /** Stopped by the signal before every step was done; re-run to finish. */
  interrupted: boolean;
}

/** Options of rollbackJournal. */
export interface RollbackOptions {
  /** Deletes in flight at once within a wave (default 8). */
  concurrency?: number;
  /**
   * The staged accounts (on the journal's connection), whose sub-account references order the
   * accounts' deletes: top-level accounts first, then their sub-accounts, level by level, each level
   * concurrently. Without it, accounts go one at a time, newest first (sub-accounts load before
   * their parents). See rollback-order.ts.
   */
  hierarchy?: StagedRecords;
  /** Stops taking new deletes; those already sent finish and are journaled. */
  signal?: AbortSignal;
  /** Sends of one delete when its answer is lost or Sonar ignores it (default 3). */
  maxSends?: number;
  /** Called after each record is settled. */
  onProgress?(step: StepName, done: number, total: number): void;
}

/**
 * Deletes what the journal created, step by step in reverse load order (`steps` is the load
 * order), and marks each deleted record `rolled_back`: what depends on a record always goes before
 * it (a DID is unassigned before it leaves the inventory; a parent account goes before its
 * sub-accounts). Records the journal adopted (already in
 * Sonar before the load) are never deleted. Idempotent and resumable: rolled-back records are not
 * touched again, and a 404 on delete means the record is already gone.
 */
export async function rollbackJournal<Client>(
  client: Client,
  journal: Journal,
  steps: readonly RemovableStep<Client>[],
  options: RollbackOptions = {},
): Promise<RollbackResult> {
  const results: RollbackStepResult[] = [];
  const failures: RollbackFailure[] = [];
  let interrupted = false;
  // Steps with records that go with their deleted account: marked once the accounts are gone.
  const withAccount: RollbackStepResult[] = [];
  for (const step of [...steps].reverse()) {
    const result = emptyStepResult(step.name);
    results.push(result);
    if (interrupted) continue;
    failures.push(...unsettledOf(journal, step.name, result));
    const run = { client, journal, step, result, failures, options };
    const stopped =
      step.name === 'accounts' ? await removeAccounts(run) : await removeStreamed(run, withAccount);
    if (stopped || options.signal?.aborted) interrupted = true;
    if (!interrupted) result.reset = resetUnloaded(journal, step.name);
  }
  markTakenWithAccount(journal, withAccount);
  return { steps: results.reverse(), failures, interrupted };
}

function emptyStepResult(step: StepName): RollbackStepResult {
  return {
    step,
    removed: 0,
    alreadyGone: 0,
    restored: 0,
    keptAdopted: 0,
    failed: 0,
    unsettled: 0,
    withAccount: 0,
    reset: 0,
  };
}

/**
 * Marks a step's failed and skipped records rolled back: nothing of them is in Sonar, and a
 * rehearsal after a rollback starts clean instead of keeping last night's failures. Returns how many.
 */
export function resetUnloaded(journal: Journal, step: StepName): number {
  let n = 0;
  for (const state of ['failed', 'skipped'] as const) {
    for (const entry of journal.entries(step, state)) {
      journal.markRolledBack(step, entry.legacyKey);
      n += 1;
    }
  }
  return n;
}

/** What rollback does with a loaded record: keep it (adopted), let its account take it, or delete it. */
function fateOf(journal: Journal, step: StepName, entry: JournalEntry): 'keep' | 'withAccount' | 'remove' {
  if (entry.adopted) return 'keep';
  // Nothing the API can delete (a one-time charge's transaction, the account's own fields), but
  // deleting the account this journal created takes it along: marked once it is gone.
  if ((entry.sonarId === null || partsOfAccount.has(step)) && accountIsDeleted(journal, entry))
    return 'withAccount';
  return 'remove';
}

/** A step's records still in flight: counted, and listed as failures to run rollback again for. */
function unsettledOf(journal: Journal, step: StepName, result: RollbackStepResult): RollbackFailure[] {
  const failures: RollbackFailure[] = [];
  for (const entry of journal.entries(step, 'in_flight')) {
    result.unsettled += 1;
    failures.push({
      step,
      legacyKey: entry.legacyKey,
      code: 'JOURNAL_UNSETTLED',
      message: `${entry.legacyKey}: still in flight — Sonar could not be asked whether it landed; run rollback again.`,
    });
  }
  return failures;
}

/** What removing one step's records works with. */
interface StepRemoval<Client> {
  client: Client;
  journal: Journal;
  step: RemovableStep<Client>;
  result: RollbackStepResult;
  failures: RollbackFailure[];
  options: RollbackOptions;
}

/** Deletes sent at once per wave: at most a page of the journal's entries in memory. */
const WAVE = 500;

/**
 * Deletes a step's loaded records (every step but the accounts), streamed from the journal a page
 * at a time and deleted concurrently a wave at a time; memory holds one wave, however many records
 * the step loaded. A first pass counts them for the progress line. True when the signal stopped a
 * delete from starting.
 */
async function removeStreamed<Client>(
  run: StepRemoval<Client>,
  withAccount: RollbackStepResult[],
): Promise<boolean> {
  const { journal, step, result } = run;
  let total = 0;
  for (const entry of journal.entries(step.name, 'loaded'))
    if (fateOf(journal, step.name, entry) === 'remove') total += 1;
  const progress = { done: 0, total };
  let wave: JournalEntry[] = [];
  let goesWithAccount = false;
  for (const entry of journal.entries(step.name, 'loaded')) {
    const fate = fateOf(journal, step.name, entry);
    if (fate === 'keep') result.keptAdopted += 1;
    else if (fate === 'withAccount') goesWithAccount = true;
    else wave.push(entry);
    if (wave.length >= WAVE) {
      if (await removeWave(run, wave, progress)) return true;
      wave = [];
    }
  }
  if (goesWithAccount) withAccount.push(result);
  return removeWave(run, wave, progress);
}

/**
 * Deletes the accounts, parents before their sub-accounts (rollback-order.ts): each level's
 * accounts concurrently, level after level, and the accounts the staging does not know one at a
 * time, newest first. True when the signal stopped a delete from starting.
 */
async function removeAccounts<Client>(run: StepRemoval<Client>): Promise<boolean> {
  const { journal, step, result } = run;
  result.keptAdopted = journal.adoptedCounts().get(step.name) ?? 0;
  const order = accountsInRemovalOrder(journal.connection, step.name, run.options.hierarchy);
  const progress = { done: 0, total: order.total };
  let wave: JournalEntry[] = [];
  let level: number | null | undefined;
  for (const account of order.accounts) {
    // A new level, an account of no known level, or a full wave: the wave so far goes first.
    if (wave.length > 0 && (account.level !== level || account.level === null || wave.length >= WAVE)) {
      if (await removeWave(run, wave, progress)) return true;
      wave = [];
    }
    level = account.level;
    const entry = journal.get(step.name, account.legacyKey);
    if (entry?.state === 'loaded' && !entry.adopted) wave.push(entry);
  }
  return removeWave(run, wave, progress);
}

/** Deletes one wave concurrently; true when the signal stopped a delete from starting. */
async function removeWave<Client>(
  run: StepRemoval<Client>,
  wave: readonly JournalEntry[],
  progress: { done: number; total: number },
): Promise<boolean> {
  const { step, options } = run;
  const limit = pLimit(Math.max(1, options.concurrency ?? 8));
  let interrupted = false;
  await Promise.all(
    wave.map((entry) =>
      limit(async () => {
        if (options.signal?.aborted) {
          interrupted = true;
          return;
        }
        await removeAndJournal(run, entry);
        progress.done += 1;
        options.onProgress?.(step.name, progress.done, progress.total);
      }),
    ),
  );
  return interrupted;
}

/** Deletes one record and journals it rolled back, or lists why it could not be. */
async function removeAndJournal<Client>(run: StepRemoval<Client>, entry: JournalEntry): Promise<void> {
  const { step, result } = run;
  const outcome = await removeOne(run.client, step, entry, run.options.maxSends ?? 3);
  if (outcome === 'removed' || outcome === 'gone' || outcome === 'restored') {
    run.journal.markRolledBack(step.name, entry.legacyKey);
    if (outcome === 'removed') result.removed += 1;
    else if (outcome === 'restored') result.restored += 1;
    else result.alreadyGone += 1;
  } else {
    result.failed += 1;
    run.failures.push({ step: step.name, legacyKey: entry.legacyKey, ...outcome });
  }
}

/**
 * Parts of an account go with it only if its delete went through; otherwise they stay loaded
 * (the account's failure is listed) and the next rollback takes them along. Streamed again from the
 * journal, step by step, once the accounts are done.
 */
function markTakenWithAccount(journal: Journal, results: readonly RollbackStepResult[]): void {
  for (const result of results) {
    for (const entry of journal.entries(result.step, 'loaded')) {
      if (entry.adopted || (entry.sonarId !== null && !partsOfAccount.has(result.step))) continue;
      if (journal.get('accounts', entry.accountKey ?? '')?.state !== 'rolled_back') continue;
      journal.markRolledBack(entry.step, entry.legacyKey);
      result.withAccount += 1;
    }
  }
}

/** True when the entry's account was created by this journal, so rollback deletes (or deleted) it. */
function accountIsDeleted(journal: Journal, entry: JournalEntry): boolean {
  if (entry.step === 'accounts' || entry.accountKey === null) return false;
  const account = journal.get('accounts', entry.accountKey);
  return account !== undefined && !account.adopted && ['loaded', 'rolled_back'].includes(account.state);
}

/**
 * Steps whose record is a part of the account (a PATCH of it), not a record of its own: on an
 * account rollback deletes, they go with it; on an adopted one, `remove` puts back what it changed.
 */
export const partsOfAccount: ReadonlySet<StepName> = new Set(['billing_parameters', 'next_bill_dates']);

/**
 * Deletes one record and confirms it by a lookup (`present`). A delete whose answer was lost
 * (uncertain) is sent again, as is one Sonar answered 2xx but did not do; a 404 counts as
 * gone only when the lookup agrees (a missing route answers 404 too).
 */
export async function removeOne<Client>(
  client: Client,
  step: RemovableStep<Client>,
  entry: JournalEntry,
  maxSends: number,
): Promise<'removed' | 'gone' | 'restored' | { code: string; message: string }> {
  for (let sends = 1; ; sends += 1) {
    let answered404 = false;
    try {
      await step.remove(client, entry);
    } catch (err) {
      // Transient failures were retried by the client already; a lost answer is sent again here.
      const retry = err instanceof SonarApiError && err.kind === 'uncertain';
      if (err instanceof SonarApiError && err.status === 404) answered404 = true;
      else if (retry && sends < maxSends) continue;
      else return failureOf(err);
    }
    if (!step.present) return answered404 ? 'gone' : 'removed';
    let present: boolean;
    try {
      present = await step.present(client, entry);
    } catch (err) {
      return failureOf(err);
    }
    if (!present) return answered404 ? 'gone' : partsOfAccount.has(step.name) ? 'restored' : 'removed';
    if (!answered404 && sends < maxSends) continue;
    return {
      code: 'SONAR_DELETE_UNCONFIRMED',
      message: `${entry.legacyKey}: Sonar answered the ${answered404 ? 'delete with 404' : `delete ${sends} time(s)`} but ${step.name} ${entry.sonarId ?? ''} is still there — remove it in Sonar by hand (does this Sonar version have the DELETE route?).`,
    };
  }
}

function failureOf(err: unknown): { code: string; message: string } {
  if (err instanceof SonarApiError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: redactSecrets(message) };
}
