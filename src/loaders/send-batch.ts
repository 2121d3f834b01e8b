import type { StagedRecord } from '../ground/types.js';
import { SonarApiError } from '../sonar/errors.js';
import { FatalLoadError } from './load-errors.js';
import { commitLoaded, markLoaded } from './loaded-marks.js';
import { prepare } from './prepare-record.js';
import { waitUntil } from './quiet-period.js';
import { type RunState, settledBefore } from './run-state.js';
import type { ResolvedRecord, Step, StepContext, StepResult } from './types.js';

/**
 * Loads a batched step (the DID inventory): records already in Sonar's inventory before any send
 * are adopted; the rest go in batches of at most `batch.size` per group (rate center), each batch
 * journaled in flight as one transaction before it is sent. A lost answer or an "already there"
 * refusal is settled by listing the inventory; what is missing is sent again.
 */
export async function loadBatchedStep(
  run: RunState,
  step: Step,
  pages: Iterable<StagedRecord[]>,
): Promise<void> {
  const spec = step.batch;
  if (!spec) throw new Error(`${step.name} is not a batched step`);
  // Records wait per group until a batch is full; only the part-filled batches are held.
  const groups = new Map<string, ResolvedRecord[]>();
  for (const page of pages) {
    for (const record of page) {
      if (run.aborted) return;
      const ready = await readyToSend(run, step, record);
      if (!ready) continue;
      const group = spec.groupOf(ready);
      const list = groups.get(group) ?? [];
      list.push(ready);
      groups.set(group, list);
      if (list.length < spec.size) continue;
      groups.delete(group);
      await sendBatch(run, step, list);
    }
  }
  for (const list of groups.values()) {
    if (run.aborted) return;
    await sendBatch(run, step, list);
  }
  await readBackIds(run, step);
}

/** How a record settled by an earlier run is counted. */
const settledOutcome = { loaded: 'alreadyLoaded', failed: 'failed', in_flight: 'unsettled' } as const;

/**
 * The record resolved for sending, or undefined when there is nothing to send: settled by an
 * earlier run, not ready (failed or skipped by `prepare`), or already in Sonar's inventory.
 */
async function readyToSend(
  run: RunState,
  step: Step,
  record: StagedRecord,
): Promise<ResolvedRecord | undefined> {
  const entry = run.journal.get(step.name, record.legacyKey);
  const settled = settledBefore(entry, run.options.retryFailed);
  if (settled) {
    run.count(step.name, settledOutcome[settled]);
    return undefined;
  }
  const ready = await prepare(run, step, record);
  if (!ready) return undefined;
  const known = alreadyInInventory(run, ready);
  if (!known) return ready;
  // Never sent by this journal, yet in Sonar: it was there before the migration.
  const neverSent = !entry || entry.state === 'rolled_back' || entry.attempts === 0;
  // Through the group commit: a commit synced on the thread per DID made a load against an
  // inventory that already holds them wait for one fsync each.
  commitLoaded(run, step, ready, known, neverSent, 'found');
  return undefined;
}

function alreadyInInventory(run: RunState, record: ResolvedRecord): StepResult | undefined {
  const dids = Array.isArray(record.payload.dids) ? record.payload.dids.map(String) : [];
  const rows = dids.map((did) => run.reference.didInventory.get(did));
  const first = rows[0];
  if (!first || rows.some((r) => r === undefined)) return undefined;
  return { sonarId: String(first.id), sonarRef: { didId: first.id, did: first.did } };
}

/** Sends one batch until every record is loaded or failed (or left in flight). */
async function sendBatch(run: RunState, step: Step, batch: ResolvedRecord[]): Promise<void> {
  const ctx = run.context();
  let pending: ResolvedRecord[] | undefined = batch;
  for (let sends = 1; pending && pending.length > 0; sends += 1) {
    const failure = await sendAndJournal(run, step, pending, ctx);
    if (!failure) return;
    pending = await settleFailedBatch(run, step, pending, { failure, sends, ctx });
  }
}

/**
 * Marks the batch in flight, sends it, and journals it loaded; returns Sonar's refusal instead.
 * A refusal of the credentials puts the records back as they were and stops the run.
 */
async function sendAndJournal(
  run: RunState,
  step: Step,
  pending: ResolvedRecord[],
  ctx: StepContext,
): Promise<SonarApiError | undefined> {
  const before = new Map(pending.map((r) => [r.legacyKey, run.journal.get(step.name, r.legacyKey)]));
  run.journal.transaction(() => {
    for (const r of pending) {
      run.journal.markInFlight(step.name, r.legacyKey, { accountKey: null, fingerprint: r.fingerprint });
    }
  });
  let failure: SonarApiError;
  try {
    await run.limiter.run(() => step.batch!.send(run.client, pending, ctx));
    run.journal.transaction(() => {
      for (const r of pending)
        markLoaded(run, step, r, { sonarId: null, sonarRef: { did: didOf(r) } }, false);
    });
    for (const _ of pending) run.count(step.name, 'created');
    return undefined;
  } catch (err) {
    if (!(err instanceof SonarApiError)) throw err;
    failure = err;
  }
  if (failure.code === 'SONAR_AUTH') {
    // Refused before Sonar processed it: pending again (not failed), and the run stops.
    for (const r of pending) run.journal.unmarkInFlight(step.name, r.legacyKey, before.get(r.legacyKey));
    throw new FatalLoadError(failure);
  }
  return failure;
}

/**
 * After a refused or unanswered batch: fails it, or looks it up (after the quiet period) and
 * journals what Sonar has. Returns the records to send again, or undefined when done.
 */
async function settleFailedBatch(
  run: RunState,
  step: Step,
  pending: ResolvedRecord[],
  send: { failure: SonarApiError; sends: number; ctx: StepContext },
): Promise<ResolvedRecord[] | undefined> {
  const { failure } = send;
  const alreadyThere = failure.kind === 'terminal' && (failure.status === 409 || failure.status === 422);
  if (failure.kind !== 'uncertain' && !alreadyThere) {
    for (const r of pending) run.fail(r, failure.code, failure.message);
    return undefined;
  }
  if (!(await quietBeforeLookup(run, step, pending, failure, alreadyThere))) return undefined;
  const found = await findBatch(run, step, pending, send.ctx, alreadyThere);
  if (!found) return undefined;
  const missing = journalFound(run, step, pending, found, alreadyThere && send.sends === 1);
  // A duplicate refusal fails the whole batch; without the duplicates the rest can go once more.
  const again = alreadyThere ? missing.length < pending.length : send.sends < run.options.maxSends;
  if (!again || run.aborted) {
    for (const r of missing) run.fail(r, failure.code, failure.message);
    return undefined;
  }
  return missing;
}

/**
 * As for single records (send-record.ts): no answer means Sonar may still be writing the batch,
 * so it is looked up only after the quiet period. False (records counted unsettled) when stopped.
 */
async function quietBeforeLookup(
  run: RunState,
  step: Step,
  pending: ResolvedRecord[],
  failure: SonarApiError,
  alreadyThere: boolean,
): Promise<boolean> {
  const unfinished = failure.status === undefined || failure.status >= 500;
  if (!unfinished || alreadyThere) return true;
  const quiet = await waitUntil(Date.now() + run.options.quietMs, pending.length, {
    signal: run.options.signal,
  });
  if (!quiet) for (const _ of pending) run.count(step.name, 'unsettled');
  return quiet;
}

/**
 * Looks the batch up, and the unseen records once more before any is sent again (not after a
 * duplicate refusal). Undefined (records counted unsettled) when the lookup failed.
 */
async function findBatch(
  run: RunState,
  step: Step,
  pending: ResolvedRecord[],
  ctx: StepContext,
  alreadyThere: boolean,
): Promise<Map<string, StepResult> | undefined> {
  const spec = step.batch!;
  try {
    const found = await run.limiter.run(() => spec.findAll(run.client, pending, ctx));
    const unseen = pending.filter((r) => !found.has(r.legacyKey));
    if (!alreadyThere && unseen.length > 0) {
      const again = await run.limiter.run(() => spec.findAll(run.client, unseen, ctx));
      for (const [key, hit] of again) found.set(key, hit);
    }
    return found;
  } catch (err) {
    for (const _ of pending) run.count(step.name, 'unsettled');
    if (err instanceof SonarApiError && err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
    return undefined;
  }
}

/** Journals loaded the records found; returns those missing. */
function journalFound(
  run: RunState,
  step: Step,
  pending: ResolvedRecord[],
  found: Map<string, StepResult>,
  firstDuplicateRefusal: boolean,
): ResolvedRecord[] {
  const missing: ResolvedRecord[] = [];
  for (const r of pending) {
    const result = found.get(r.legacyKey);
    if (!result) {
      missing.push(r);
      continue;
    }
    // Present after a duplicate refusal on the first send: it was in Sonar before us.
    markLoaded(run, step, r, result, firstDuplicateRefusal && !wasSent(run, step, r));
    run.count(step.name, 'found');
  }
  return missing;
}

function wasSent(run: RunState, step: Step, record: ResolvedRecord): boolean {
  // attempts counts our in-flight marks; more than the one just made means an earlier send of ours.
  return (run.journal.get(step.name, record.legacyKey)?.attempts ?? 0) > 1;
}

function didOf(record: ResolvedRecord): string {
  return Array.isArray(record.payload.dids) ? String(record.payload.dids[0] ?? '') : '';
}

/**
 * Reads back the inventory ids of DIDs loaded without one (the mass add answers none): one pass
 * over Sonar's listing, each page matched against those entries in the state file (AwaitingIds),
 * so neither the listing nor the entries are held whole.
 */
async function readBackIds(run: RunState, step: Step): Promise<void> {
  const spec = step.batch;
  if (!spec) return;
  const awaiting = run.journal.awaitingIds(step.name, spec.identityField);
  try {
    if (awaiting.count === 0) return;
    await run.limiter.run(async () => {
      for await (const page of spec.listed(run.client, run.context())) {
        const matches = awaiting.match(page.map((row) => row.identity));
        if (matches.length === 0) continue;
        const results = new Map(page.map((row) => [row.identity, row.result]));
        run.journal.transaction(() => {
          for (const m of matches) {
            const result = results.get(m.identity);
            if (result) run.journal.markLoaded(step.name, m.legacyKey, { ...result, adopted: m.adopted });
          }
        });
      }
    });
  } catch {
    // Ids stay unknown; rollback looks them up by the DID instead.
  } finally {
    awaiting.close();
  }
}
