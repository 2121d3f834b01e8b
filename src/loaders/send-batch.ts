import type { StagedRecord } from '../ground/types.js';
import { SonarApiError } from '../sonar/errors.js';
import { FatalLoadError } from './load-errors.js';
import { markLoaded } from './loaded-marks.js';
import { prepare } from './prepare-record.js';
import { waitUntil } from './quiet-period.js';
import { type RunState, settledBefore } from './run-state.js';
import type { ResolvedRecord, Step, StepResult } from './types.js';

/**
 * Loads a batched step (the DID inventory): records already in Sonar's inventory before any send
 * are adopted; the rest go in batches of at most `batch.size` per group (rate center), each batch
 * journaled in flight as one transaction before it is sent. A lost answer or an "already there"
 * refusal is settled by listing the inventory; what is missing is sent again.
 */
export async function loadBatchedStep(run: RunState, step: Step, records: StagedRecord[]): Promise<void> {
  const spec = step.batch;
  if (!spec) throw new Error(`${step.name} is not a batched step`);
  const groups = new Map<string, ResolvedRecord[]>();
  for (const record of records) {
    if (run.aborted) return;
    const entry = run.journal.get(step.name, record.legacyKey);
    const settled = settledBefore(entry, run.options.retryFailed);
    if (settled === 'loaded') {
      run.count(step.name, 'alreadyLoaded');
      continue;
    }
    if (settled === 'failed') {
      run.count(step.name, 'failed');
      continue;
    }
    if (settled === 'in_flight') {
      run.count(step.name, 'unsettled');
      continue;
    }
    const ready = await prepare(run, step, record);
    if (!ready) continue;
    const known = alreadyInInventory(run, ready);
    if (known) {
      // Never sent by this journal, yet in Sonar: it was there before the migration.
      const neverSent = !entry || entry.state === 'rolled_back' || entry.attempts === 0;
      markLoaded(run, step, ready, known, neverSent);
      run.count(step.name, 'found');
      continue;
    }
    const group = spec.groupOf(ready);
    const list = groups.get(group) ?? [];
    list.push(ready);
    groups.set(group, list);
  }
  for (const list of groups.values()) {
    for (let start = 0; start < list.length; start += spec.size) {
      if (run.aborted) return;
      await sendBatch(run, step, list.slice(start, start + spec.size));
    }
  }
  await readBackIds(run, step);
}

function alreadyInInventory(run: RunState, record: ResolvedRecord): StepResult | undefined {
  const dids = Array.isArray(record.payload.dids) ? record.payload.dids.map(String) : [];
  const rows = dids.map((did) => run.reference.didInventory.get(did));
  const first = rows[0];
  if (!first || rows.some((r) => r === undefined)) return undefined;
  return { sonarId: String(first.id), sonarRef: { didId: first.id, did: first.did } };
}

async function sendBatch(run: RunState, step: Step, batch: ResolvedRecord[]): Promise<void> {
  const spec = step.batch!;
  const ctx = run.context();
  let pending = batch;
  for (let sends = 1; pending.length > 0; sends += 1) {
    const before = new Map(pending.map((r) => [r.legacyKey, run.journal.get(step.name, r.legacyKey)]));
    run.journal.transaction(() => {
      for (const r of pending) {
        run.journal.markInFlight(step.name, r.legacyKey, { accountKey: null, fingerprint: r.fingerprint });
      }
    });
    let failure: SonarApiError;
    try {
      await run.limiter.run(() => spec.send(run.client, pending, ctx));
      run.journal.transaction(() => {
        for (const r of pending)
          markLoaded(run, step, r, { sonarId: null, sonarRef: { did: didOf(r) } }, false);
      });
      for (const _ of pending) run.count(step.name, 'created');
      return;
    } catch (err) {
      if (!(err instanceof SonarApiError)) throw err;
      failure = err;
    }
    if (failure.code === 'SONAR_AUTH') {
      // Refused before Sonar processed it: pending again (not failed), and the run stops.
      for (const r of pending) run.journal.unmarkInFlight(step.name, r.legacyKey, before.get(r.legacyKey));
      throw new FatalLoadError(failure);
    }
    const alreadyThere = failure.kind === 'terminal' && (failure.status === 409 || failure.status === 422);
    if (failure.kind !== 'uncertain' && !alreadyThere) {
      for (const r of pending) run.fail(r, failure.code, failure.message);
      return;
    }
    // As for single records (send-record.ts): no answer means Sonar may still be writing the
    // batch, so it is looked up only after the quiet period, and twice before any is sent again.
    const unfinished = failure.status === undefined || failure.status >= 500;
    if (unfinished && !alreadyThere) {
      const quiet = await waitUntil(Date.now() + run.options.quietMs, pending.length, {
        signal: run.options.signal,
      });
      if (!quiet) {
        for (const _ of pending) run.count(step.name, 'unsettled');
        return;
      }
    }
    let found: Map<string, StepResult>;
    try {
      found = await run.limiter.run(() => spec.findAll(run.client, pending, ctx));
      const unseen = pending.filter((r) => !found.has(r.legacyKey));
      if (!alreadyThere && unseen.length > 0) {
        const again = await run.limiter.run(() => spec.findAll(run.client, unseen, ctx));
        for (const [key, hit] of again) found.set(key, hit);
      }
    } catch (err) {
      for (const _ of pending) run.count(step.name, 'unsettled');
      if (err instanceof SonarApiError && err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
      return;
    }
    const missing: ResolvedRecord[] = [];
    for (const r of pending) {
      const result = found.get(r.legacyKey);
      if (!result) {
        missing.push(r);
        continue;
      }
      // Present after a duplicate refusal on the first send: it was in Sonar before us.
      markLoaded(run, step, r, result, alreadyThere && sends === 1 && !wasSent(run, step, r));
      run.count(step.name, 'found');
    }
    // A duplicate refusal fails the whole batch; without the duplicates the rest can go once more.
    const again = alreadyThere ? missing.length < pending.length : sends < run.options.maxSends;
    if (!again || run.aborted) {
      for (const r of missing) run.fail(r, failure.code, failure.message);
      return;
    }
    pending = missing;
  }
}

function wasSent(run: RunState, step: Step, record: ResolvedRecord): boolean {
  // attempts counts our in-flight marks; more than the one just made means an earlier send of ours.
  return (run.journal.get(step.name, record.legacyKey)?.attempts ?? 0) > 1;
}

function didOf(record: ResolvedRecord): string {
  return Array.isArray(record.payload.dids) ? String(record.payload.dids[0] ?? '') : '';
}

/** Reads back the inventory ids of DIDs loaded without one (the mass add answers none): one listing. */
async function readBackIds(run: RunState, step: Step): Promise<void> {
  const entries = [...run.journal.entries(step.name, 'loaded')].filter((e) => e.sonarId === null);
  if (entries.length === 0 || !step.batch) return;
  const asRecords = entries.map((e) => ({
    step: step.name,
    legacyKey: e.legacyKey,
    payload: { dids: [String(e.sonarRef?.did ?? '')] },
    refs: [],
    source: { input: step.name, provenance: { file: '', row: 0 }, values: [], columns: [] },
    fingerprint: e.fingerprint,
  })) as ResolvedRecord[];
  try {
    const found = await run.limiter.run(() => step.batch!.findAll(run.client, asRecords, run.context()));
    run.journal.transaction(() => {
      for (const e of entries) {
        const result = found.get(e.legacyKey);
        if (result) run.journal.markLoaded(step.name, e.legacyKey, { ...result, adopted: e.adopted });
      }
    });
  } catch {
    // Ids stay unknown; rollback looks them up by the DID instead.
  }
}
