import { getPath } from '../ground/payload-paths.js';
import type { StagedRecord } from '../ground/types.js';
import { formatZodIssues } from '../ground/zod-issues.js';
import type { JournalEntry } from '../journal/journal.js';
import { SonarApiError } from '../sonar/errors.js';
import { payloadSchemas } from '../sonar/schemas/index.js';
import { fingerprintOf } from './fingerprint.js';
import { waitUntil } from './quiet-period.js';
import { resolveRecord } from './reference-data.js';
import { type RunState, settledBefore } from './run-state.js';
import type { ResolvedRecord, Step, StepContext, StepResult } from './types.js';

/** A failure that must stop the whole run (Sonar refuses our credentials): nothing else can load. */
export class FatalLoadError extends Error {
  constructor(override readonly cause: SonarApiError) {
    super(cause.message);
  }
}

/**
 * Loads one record exactly once: skips what is settled, checks what it needs is loaded, resolves
 * its references, then sends it through `sendResolved`.
 */
export async function loadRecord(run: RunState, step: Step, record: StagedRecord): Promise<void> {
  const entry = run.journal.get(step.name, record.legacyKey);
  const settled = settledBefore(entry, run.options.retryFailed);
  if (settled === 'loaded') {
    if (run.foldedNow.has(record.legacyKey)) return run.count(step.name, 'created');
    if (entry?.fingerprint && entry.fingerprint !== fingerprintOf(record))
      run.count(step.name, 'changedSinceLoaded');
    return run.count(step.name, 'alreadyLoaded');
  }
  if (settled === 'failed') return run.count(step.name, 'failed');
  if (settled === 'in_flight') return run.count(step.name, 'unsettled');
  const ready = await prepare(run, step, record);
  if (!ready) return;
  const neverSent = !entry || entry.state === 'rolled_back' || entry.attempts === 0;
  if (neverSent && (await foundBeforeSending(run, step, ready))) return;
  // An account that was in Sonar before the migration is never changed, but for its next bill
  // date (journaled first, so rollback puts it back): its billing parameters stay as they are.
  if (step.name === 'billing_parameters' && run.accountEntry(record.accountKey ?? '')?.adopted)
    return run.skip(
      record,
      `account ${record.accountKey} was already in Sonar before the migration and sonar-migrate does not change it: its billing parameters differ from the input — set them in Sonar by hand if they must change`,
    );
  await sendResolved(run, step, ready, entry);
}

/**
 * A record never sent may already be in Sonar: an account the reference data shows under its id
 * and name, or a record of such an adopted account (looked up first). Found: adopted, nothing sent.
 */
async function foundBeforeSending(run: RunState, step: Step, record: ResolvedRecord): Promise<boolean> {
  const ctx = run.context();
  let found = step.known?.(record, ctx) ?? null;
  const account =
    step.scope === 'account' && step.name !== 'accounts'
      ? run.accountEntry(record.accountKey ?? '')
      : undefined;
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
  markLoaded(run, step, record, found, true);
  run.count(step.name, 'found');
  return true;
}

/** Checks dependencies and resolves references; journals a skip or failure and returns undefined otherwise. */
export async function prepare(
  run: RunState,
  step: Step,
  record: StagedRecord,
): Promise<ResolvedRecord | undefined> {
  let accountId: number | undefined;
  if (step.scope === 'account' && step.name !== 'accounts') {
    accountId = run.accountId(record.accountKey);
    if (accountId === undefined) {
      const account = run.accountEntry(record.accountKey ?? '');
      const why = account
        ? `${account.state}${account.lastError ? `: ${account.lastError.message}` : ''}`
        : 'not loaded';
      run.skip(record, `account ${record.accountKey} is ${why}`);
      return undefined;
    }
  }
  const siblings = (name: Step['name']) => run.index.byAccount.get(record.accountKey ?? '')?.get(name) ?? [];
  for (const need of step.requires?.(record, siblings) ?? []) {
    const staged = run.index.stagedKeys.get(need.step);
    const keys = need.anyOf.filter((key) => staged?.has(key));
    if (keys.length === 0) continue;
    const entries = keys.map((key) =>
      need.step === 'accounts' ? run.accountEntry(key) : run.journal.get(need.step, key),
    );
    if (entries.some((e) => e?.state === 'loaded')) continue;
    const state = entries.find((e) => e)?.state ?? 'not loaded';
    run.skip(record, `${need.what} is ${state.replace('_', ' ')}: load it first`);
    return undefined;
  }
  let resolved: Awaited<ReturnType<typeof resolveRecord>>;
  try {
    resolved = await resolveRecord(record, run.reference, run.helpers);
  } catch (err) {
    if (err instanceof SonarApiError) {
      failOn(run, record, err);
      return undefined;
    }
    throw err;
  }
  if ('unresolved' in resolved) {
    run.fail(record, resolved.unresolved.code, `${resolved.unresolved.message}.`);
    return undefined;
  }
  let payload = resolved.record.payload;
  if (!validAsStaged(step, resolved.record)) {
    const checked = step.schema.safeParse(payload);
    if (!checked.success) {
      const issues = formatZodIssues(checked.error, { root: '(payload)' });
      run.fail(
        record,
        'MAP_INVALID_VALUE',
        `after resolving names the payload is not valid (${issues}) — fix the input row.`,
      );
      return undefined;
    }
    payload = checked.data as Record<string, unknown>;
  }
  return { ...resolved.record, payload, accountId, fingerprint: fingerprintOf(record) };
}

/**
 * Whether a resolved payload is known valid without parsing it again: staging parsed it with this
 * step's own schema and a placeholder id (1) at every reference — in this same process, as `load`
 * stages its inputs itself — and no rule of the schemas depends on an id's value. So when every
 * reference resolved to a positive whole number, the payload is as valid as it was staged. A
 * geocoded address gains coordinates and a county, and a step with a schema of its own was not
 * staged with it: those are parsed again.
 */
function validAsStaged(step: Step, record: StagedRecord): boolean {
  if (step.schema !== (payloadSchemas as Record<string, unknown>)[step.name]) return false;
  for (const ref of record.refs) {
    if (ref.lookup === 'geocode') return false;
    const id = getPath(record.payload, ref.path);
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return false;
  }
  return true;
}

/**
 * Sends a resolved record: in_flight first (durable), then the create; an answer lost or a
 * "already exists" refusal is settled by looking the record up, never by sending blindly.
 */
export async function sendResolved(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  before: JournalEntry | undefined,
): Promise<void> {
  const ctx = run.context();
  const meta = { accountKey: record.accountKey ?? null, fingerprint: record.fingerprint };
  // A record never sent before (or rolled back) that Sonar says exists was there before us: adopted.
  const neverSent = !before || before.state === 'rolled_back' || before.attempts === 0;
  // A charge cannot be looked up: it takes its request slot before its in-flight mark, so a crash
  // never leaves one in flight that was only waiting for a slot (it could not be told apart from
  // one sent, and would need checking by hand). Other records are marked first, and their commit
  // overlaps the requests of the records ahead of them.
  const unlookable = step.unlookable?.(record, ctx) === true;
  // What Sonar holds before the first write to an adopted account (its next bill date): journaled
  // with the in-flight mark, so rollback can put it back. Read before the mark, like a lookup.
  let snapshot: Record<string, string | number | null> | null | undefined;
  if (neverSent && step.snapshot && run.accountEntry(record.accountKey ?? '')?.adopted) {
    try {
      snapshot = await run.limiter.run(() => step.snapshot!(run.client, record, ctx));
    } catch (err) {
      if (!(err instanceof SonarApiError)) throw err;
      return failOn(run, record, err);
    }
  }
  // Sent again after an earlier send went unanswered: checked for a double at the end of the run.
  let resent = before?.lastError?.code === 'SONAR_UNCERTAIN';
  for (let sends = 1; ; sends += 1) {
    let sent = false;
    const send = () => {
      sent = true;
      return step.create(run.client, record, ctx);
    };
    // Durable before the request leaves: the promise resolves after the group transaction commits.
    const markInFlight = () =>
      run.journal.markInFlightBatched(step.name, record.legacyKey, meta, snapshot ?? undefined);
    let failure: SonarApiError;
    try {
      let result: StepResult;
      if (unlookable) {
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
      if (resent) run.resent.push({ step, record });
      return;
    } catch (err) {
      // The journal could not write the mark: nothing was sent, and the run cannot go on safely.
      if (!sent) throw err;
      if (!(err instanceof SonarApiError)) {
        const text = err instanceof Error ? err.message : String(err);
        return run.fail(
          record,
          'INTERNAL',
          `${step.name} failed unexpectedly (${text}) — a bug: please report it.`,
        );
      }
      failure = err;
    }
    if (failure.code === 'SONAR_AUTH') {
      // Refused before Sonar processed it: pending again (not failed), and the run stops.
      run.journal.unmarkInFlight(step.name, record.legacyKey, before);
      throw new FatalLoadError(failure);
    }
    const alreadyThere = failure.kind === 'terminal' && (failure.status === 409 || failure.status === 422);
    if (failure.kind !== 'uncertain' && !alreadyThere) return failOn(run, record, failure);
    if (unlookable) {
      if (alreadyThere) return failOn(run, record, failure);
      return run.fail(
        record,
        'JOURNAL_UNSETTLED',
        `${failure.message} This record makes a transaction that cannot be looked up: check the account in Sonar, then re-run with --retry-failed only if it is missing.`,
      );
    }
    // No answer (or a 5xx a proxy may send while Sonar still works): Sonar may not have finished
    // the write yet, and a lookup now could miss it. Look only once the quiet period has passed.
    const unfinished = failure.status === undefined || failure.status >= 500;
    if (unfinished && !alreadyThere) {
      const quiet = await waitUntil(Date.now() + run.options.quietMs, 1, { signal: run.options.signal });
      // Interrupted while waiting: left in flight; the next run waits out the rest, then looks.
      if (!quiet) return run.count(step.name, 'unsettled');
    }
    let found: StepResult | null;
    try {
      found = alreadyThere ? await lookUp(run, step, record, ctx) : await lookUpTwice(run, step, record, ctx);
    } catch (err) {
      if (err instanceof IncompleteRecordError) return failOn(run, record, err.cause);
      // Left in flight: the next run looks again before sending anything.
      run.count(step.name, 'unsettled');
      if (err instanceof SonarApiError && err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
      return;
    }
    if (found)
      return commitLoaded(run, step, record, found, alreadyThere && neverSent && sends === 1, 'found');
    if (alreadyThere || sends >= run.options.maxSends || run.aborted) return failOn(run, record, failure);
    resent = true;
  }
}

/**
 * Looks a record up, and once more when the first look finds nothing: the second look is what
 * allows a re-send, so a list read while Sonar was still committing is not the only witness.
 */
export async function lookUpTwice(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  ctx: StepContext,
): Promise<StepResult | null> {
  return (await lookUp(run, step, record, ctx)) ?? (await lookUp(run, step, record, ctx));
}

/** Sonar refused a part `Step.complete` sent (a terminal answer): the record fails, not stays in flight. */
export class IncompleteRecordError extends Error {
  constructor(override readonly cause: SonarApiError) {
    super(cause.message);
  }
}

/**
 * Looks a record up and, when it is found and its step has parts to complete (a RADIUS group's
 * reply attributes), adds the missing parts before it counts as found: a record half-written
 * before a crash or a lost answer is finished, each part sent once because it is listed first.
 */
export async function lookUp(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  ctx: StepContext,
): Promise<StepResult | null> {
  const found = await run.limiter.run(() => step.find(run.client, record, ctx));
  if (!found || !step.complete) return found;
  try {
    await run.limiter.run(() => step.complete!(run.client, record, found, ctx));
  } catch (err) {
    if (err instanceof SonarApiError && err.kind === 'terminal') throw new IncompleteRecordError(err);
    throw err;
  }
  return found;
}

/** Journals loaded (and a next bill date that rode along with its account) in one transaction. */
export function markLoaded(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  result: StepResult,
  adopted: boolean,
): void {
  const write = loadedWrite(run, step, record, result, adopted);
  run.journal.transaction(write.run);
  write.after();
}

/**
 * `markLoaded` through the group commit: the record's loaded mark (and its folded next bill date)
 * are written now, all in one savepoint of the open group transaction, and commit with it; the
 * record is counted as `outcome` once that commit lands (the run waits for it before it ends).
 * Returns without waiting for the commit: the next record's in-flight mark rides in the same
 * transaction, so each request waits for one fsync instead of two.
 *
 * Why this keeps exactly-once: until the group commits, the record is durably `in_flight` (its
 * mark committed before the request left). A crash before the commit leaves it in flight, and the
 * next run settles it by looking it up in Sonar (found: loaded) before sending anything — the same
 * outcome as a crash between the 2xx and an unbatched commit. The only thing that can depend on the
 * loaded mark durably is another request, which needs the Sonar id (the account's next records, a
 * parent account naming this sub-account) or follows it in this account's load order. Every such
 * request reads the mark on this same connection (it sees the uncommitted write), then awaits its
 * OWN in-flight mark before it is sent; that mark is written after this one in the same single
 * SQLite transaction or a later one, so its commit carries this mark too: nothing is sent on the
 * strength of a loaded mark that is not yet on disk (requests that write nothing — lookups,
 * geocoding — create nothing a crash could duplicate). Counts (memory only) wait for the commit, and
 * `runLoad` waits for every pending commit before it finishes the run and writes reports. Every
 * write outside the group (failed, skipped, runs) commits the open group first, so it never
 * becomes a savepoint of it.
 */
export function commitLoaded(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  result: StepResult,
  adopted: boolean,
  outcome: 'created' | 'found',
): void {
  const write = loadedWrite(run, step, record, result, adopted);
  const committed = run.journal.commitBatched(write.run);
  // In memory, like the mark itself on this connection: the folded next bill date is counted
  // created when its record comes up later in this account's chain.
  write.after();
  run.countOnCommit(step.name, outcome, committed);
}

/** The journal writes of a loaded record, and what to note in memory once they are committed. */
function loadedWrite(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  result: StepResult,
  adopted: boolean,
): { run: () => void; after: () => void } {
  const meta = { accountKey: record.accountKey ?? null, fingerprint: record.fingerprint };
  const fold = step.name === 'accounts' ? run.plannedFold(record.accountKey) : undefined;
  const folded = fold !== undefined && result.sonarRef.nextBillDate === fold.date;
  return {
    run: () => {
      run.journal.markLoaded(step.name, record.legacyKey, { ...result, adopted }, meta);
      if (fold && folded) {
        run.journal.markLoaded(
          'next_bill_dates',
          fold.record.legacyKey,
          {
            sonarId: result.sonarId,
            sonarRef: { accountId: Number(result.sonarId), folded: 1, nextBillDate: fold.date },
          },
          { accountKey: fold.record.accountKey ?? null, fingerprint: fingerprintOf(fold.record) },
        );
      }
    },
    after: () => {
      if (fold && folded) run.foldedNow.add(fold.record.legacyKey);
    },
  };
}

/** Journals a Sonar failure; lost credentials stop the run instead (nothing else can load). */
function failOn(run: RunState, record: StagedRecord, err: SonarApiError): void {
  if (err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
  run.fail(record, err.code, err.message);
}
