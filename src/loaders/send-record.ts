import type { StagedRecord } from '../ground/types.js';
import type { JournalEntry } from '../journal/journal.js';
import { SonarApiError } from '../sonar/errors.js';
import { FatalLoadError, failOn, IncompleteRecordError } from './load-errors.js';
import { commitLoaded } from './loaded-marks.js';
import { lookUp, lookUpTwice } from './look-up.js';
import { prepare } from './prepare-record.js';
import { waitUntil } from './quiet-period.js';
import { type RunState, settledBefore } from './run-state.js';
import { needsAccount, type ResolvedRecord, type Step, type StepContext, type StepResult } from './types.js';
import { updateLoaded } from './update-record.js';

/**
 * Loads one record exactly once: skips what is settled, checks what it needs is loaded, resolves
 * its references, then sends it through `sendResolved`.
 */
export async function loadRecord(run: RunState, step: Step, record: StagedRecord): Promise<void> {
  // Journaled loaded with its account's create call in this run: created, and its mark is not
  // read back.
  if (run.takeFolded(step.name, record.legacyKey)) return run.count(step.name, 'created');
  const entry = run.journal.get(step.name, record.legacyKey);
  const settled = settledBefore(entry, run.options.retryFailed);
  if (settled === 'loaded') {
    if (entry) return updateLoaded(run, step, record, entry);
    return run.count(step.name, 'alreadyLoaded');
  }
  if (settled === 'failed') return run.count(step.name, 'failed');
  if (settled === 'in_flight') return run.count(step.name, 'unsettled');
  const ready = await prepare(run, step, record);
  if (!ready) return;
  const neverSent = !entry || entry.state === 'rolled_back' || entry.attempts === 0;
  if (neverSent && (await foundBeforeSending(run, step, ready))) return;
  const unchangeable = step.unchangedOnAdoptedAccount?.(record);
  if (unchangeable && run.accountEntry(record.accountKey ?? '')?.adopted)
    return run.skip(record, unchangeable);
  await sendResolved(run, step, ready, entry);
}

/**
 * A record never sent may already be in Sonar: an account the reference data shows under its id
 * and name, or a record of such an adopted account (looked up first). Found: adopted, nothing sent.
 */
async function foundBeforeSending(run: RunState, step: Step, record: ResolvedRecord): Promise<boolean> {
  const ctx = run.context();
  let found = step.known?.(record, ctx) ?? null;
  const account = needsAccount(step) ? run.accountEntry(record.accountKey ?? '') : undefined;
  if (!found && account?.adopted && !step.unlookable?.(record, ctx)) {
    try {
      found = await run.limiter.run(() => step.find(run.client, record, ctx));
    } catch (err) {
      if (!(err instanceof SonarApiError)) throw err;
      failOn(run, record, err);
      return true;
    }
  }
  if (!found) return false;
  // Through the group commit, like a created record: a mark of its own, synced on the thread, made
  // a load that adopts what Sonar already holds (a lost state file) wait for one fsync per record.
  commitLoaded(run, step, record, found, true, 'found');
  return true;
}

/** What one record's sends share: fixed before the first, except `resent`. */
interface Sending {
  ctx: StepContext;
  meta: { accountKey: string | null; fingerprint: string };
  before: JournalEntry | undefined;
  /** Never sent before (or rolled back): a Sonar "already exists" means it was there before us. */
  neverSent: boolean;
  /** A charge cannot be looked up: see `sendOnce`. */
  unlookable: boolean;
  /** What Sonar held before the first write to an adopted account (see `takeSnapshot`). */
  snapshot: Record<string, string | number | null> | null | undefined;
  /** Sent again after an earlier send went unanswered: checked for a double at the end of the run. */
  resent: boolean;
}

/**
 * Sends a resolved record: in_flight first (durable), then the create; an answer lost or a
 * "already exists" refusal is settled by looking the record up, never by sending blindly. Each
 * turn of the loop is one send; it ends when the record is loaded, failed or left in flight.
 */
export async function sendResolved(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  before: JournalEntry | undefined,
): Promise<void> {
  const ctx = run.context();
  const sending: Sending = {
    ctx,
    meta: { accountKey: record.accountKey ?? null, fingerprint: record.fingerprint },
    before,
    neverSent: !before || before.state === 'rolled_back' || before.attempts === 0,
    unlookable: step.unlookable?.(record, ctx) === true,
    snapshot: undefined,
    resent: before?.lastError?.code === 'SONAR_UNCERTAIN',
  };
  if (!(await takeSnapshot(run, step, record, sending))) return;
  for (let sends = 1; ; sends += 1) {
    const failure = await sendOnce(run, step, record, sending);
    if (failure === undefined) return;
    if ((await settleFailedSend(run, step, record, sending, failure, sends)) === 'settled') return;
    sending.resent = true;
  }
}

/**
 * What Sonar holds before the first write to an adopted account (its next bill date): journaled
 * with the in-flight mark, so rollback can put it back. Read before the mark, like a lookup.
 * False when the read failed (the record is journaled failed).
 */
async function takeSnapshot(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  sending: Sending,
): Promise<boolean> {
  const snapshot = step.snapshot;
  if (!sending.neverSent || !snapshot || !run.accountEntry(record.accountKey ?? '')?.adopted) return true;
  try {
    sending.snapshot = await run.limiter.run(() => snapshot(run.client, record, sending.ctx));
    return true;
  } catch (err) {
    if (!(err instanceof SonarApiError)) throw err;
    failOn(run, record, err);
    return false;
  }
}

/**
 * One send: the in-flight mark, then the create. Undefined when it ended the record (loaded, or
 * failed on something other than Sonar's answer); otherwise Sonar's refusal or the lost answer.
 *
 * A charge cannot be looked up: it takes its request slot before its in-flight mark, so a crash
 * never leaves one in flight that was only waiting for a slot (it could not be told apart from one
 * sent, and would need checking by hand). Other records are marked first, and their commit
 * overlaps the requests of the records ahead of them.
 */
async function sendOnce(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  sending: Sending,
): Promise<SonarApiError | undefined> {
  let sent = false;
  const send = () => {
    sent = true;
    return step.create(run.client, record, sending.ctx);
  };
  // Durable before the request leaves: the promise resolves after the group transaction commits.
  const markInFlight = () =>
    run.journal.markInFlightBatched(step.name, record.legacyKey, sending.meta, sending.snapshot ?? undefined);
  try {
    let result: StepResult;
    if (sending.unlookable) {
      result = await run.limiter.run(async () => {
        await markInFlight();
        return send();
      });
    } else {
      await markInFlight();
      result = await run.limiter.run(send);
    }
    // Counted created only once the answer (loaded + Sonar id) is committed.
    commitLoaded(run, step, record, result, false, 'created');
    if (sending.resent) run.resent.push({ step, record });
    return undefined;
  } catch (err) {
    // The journal could not write the mark: nothing was sent, and the run cannot go on safely.
    if (!sent) throw err;
    if (err instanceof SonarApiError) return err;
    const text = err instanceof Error ? err.message : String(err);
    run.fail(record, 'INTERNAL', `${step.name} failed unexpectedly (${text}) — a bug: please report it.`);
    return undefined;
  }
}

/**
 * After a send Sonar refused or left unanswered: fails the record, or looks it up ('settled'), or
 * says it may be sent again ('resend': not found twice, sends left).
 */
async function settleFailedSend(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  sending: Sending,
  failure: SonarApiError,
  sends: number,
): Promise<'settled' | 'resend'> {
  const alreadyThere = failure.kind === 'terminal' && (failure.status === 409 || failure.status === 422);
  if (await settledWithoutLookup(run, step, record, { sending, failure, alreadyThere })) return 'settled';
  const found = await lookUpAfterSend(run, step, record, sending.ctx, alreadyThere);
  if (found === 'settled') return 'settled';
  if (found) {
    const adopted = alreadyThere && sending.neverSent && sends === 1;
    commitLoaded(run, step, record, found, adopted, 'found');
    return 'settled';
  }
  if (alreadyThere || sends >= run.options.maxSends || run.aborted) {
    failOn(run, record, failure);
    return 'settled';
  }
  return 'resend';
}

/**
 * Settles a failed send that needs no lookup: a refusal of the credentials (stops the run), a
 * refusal that fails the record, a record that cannot be looked up, or an interrupted wait for
 * the quiet period (left in flight). False when the record is to be looked up.
 */
async function settledWithoutLookup(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  send: { sending: Sending; failure: SonarApiError; alreadyThere: boolean },
): Promise<boolean> {
  const { sending, failure, alreadyThere } = send;
  if (failure.code === 'SONAR_AUTH') {
    // Refused before Sonar processed it: pending again (not failed), and the run stops.
    run.journal.unmarkInFlight(step.name, record.legacyKey, sending.before);
    throw new FatalLoadError(failure);
  }
  if (failure.kind !== 'uncertain' && !alreadyThere) {
    failOn(run, record, failure);
    return true;
  }
  if (sending.unlookable) {
    failUnlookable(run, record, failure, alreadyThere);
    return true;
  }
  // No answer (or a 5xx a proxy may send while Sonar still works): Sonar may not have finished
  // the write yet, and a lookup now could miss it. Look only once the quiet period has passed.
  const unfinished = failure.status === undefined || failure.status >= 500;
  if (unfinished && !alreadyThere && !(await waitOutQuietPeriod(run))) {
    // Interrupted while waiting: left in flight; the next run waits out the rest, then looks.
    run.count(step.name, 'unsettled');
    return true;
  }
  return false;
}

/** Waits out the quiet period after an unanswered write; false when the run was interrupted. */
function waitOutQuietPeriod(run: RunState): Promise<boolean> {
  return waitUntil(Date.now() + run.options.quietMs, 1, { signal: run.options.signal });
}

/** A charge Sonar refused as already there, or left unanswered: it cannot be looked up. */
function failUnlookable(
  run: RunState,
  record: ResolvedRecord,
  failure: SonarApiError,
  alreadyThere: boolean,
): void {
  if (alreadyThere) failOn(run, record, failure);
  else
    run.fail(
      record,
      'JOURNAL_UNSETTLED',
      `${failure.message} This record makes a transaction that cannot be looked up: check the account in Sonar, then re-run with --retry-failed only if it is missing.`,
    );
}

/**
 * Looks a record up after a failed send: once for an "already exists" refusal, twice after a lost
 * answer. 'settled' when the lookup itself failed: the record is failed (a part Sonar refused) or
 * left in flight for the next run.
 */
async function lookUpAfterSend(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  ctx: StepContext,
  alreadyThere: boolean,
): Promise<StepResult | null | 'settled'> {
  try {
    return alreadyThere ? await lookUp(run, step, record, ctx) : await lookUpTwice(run, step, record, ctx);
  } catch (err) {
    if (err instanceof IncompleteRecordError) {
      failOn(run, record, err.cause);
      return 'settled';
    }
    // Left in flight: the next run looks again before sending anything.
    run.count(step.name, 'unsettled');
    if (err instanceof SonarApiError && err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
    return 'settled';
  }
}
