import type { StagedRecord, StepName } from '../ground/types.js';
import { stepNames } from '../ground/types.js';
import type { JournalEntry, JournalRun } from '../journal/journal.js';
import { SonarApiError } from '../sonar/errors.js';
import { StagedPages } from '../store/staged-pages.js';
import type { StagedRecords } from '../store/staged-records.js';
import { fingerprintOf } from './fingerprint.js';
import { FatalLoadError, IncompleteRecordError } from './load-errors.js';
import { markLoaded } from './loaded-marks.js';
import { lookUpTwice } from './look-up.js';
import { lastAttemptMs, type QuietWait, waitUntil } from './quiet-period.js';
import { resolveRecord } from './reference-data.js';
import type { RunState } from './run-state.js';
import { needsAccount, type ResolvedRecord, type Step, type StepResult } from './types.js';

/** What settling the in-flight records found. */
export interface SettleResult {
  /** Found in Sonar: journaled loaded. */
  found: number;
  /** Not in Sonar: journaled failed (SONAR_UNCERTAIN), so this or the next run sends them again. */
  absent: number;
  /** Could not be looked up (Sonar unreachable, staging rebuilt without them): still in flight. */
  unsettled: number;
}

/**
 * Settles every record a previous run left in flight, before anything new is sent: first waits out
 * the quiet period of those whose last request may have left less than that long ago (Sonar may
 * still be writing them), then looks each one up in Sonar, twice before concluding it is absent
 * (the account by its id or name; the others by listing the account's records and matching their
 * content). Found means loaded; absent means it is sent again. Interrupted while waiting, every
 * record stays in flight.
 */
export async function settleInFlight(
  run: RunState,
  staged: StagedRecords,
  steps: readonly Step[],
  options: { heartbeatMs: number; onWait?: (wait: QuietWait) => void },
): Promise<SettleResult> {
  const result: SettleResult = { found: 0, absent: 0, unsettled: 0 };
  const pending = run.journal.inFlight();
  if (pending.length === 0) return result;
  const quiet = { quietMs: run.options.quietMs, signal: run.options.signal, ...options };
  if (!(await waitOutQuietPeriod(pending, run.journal.runs(), quiet))) {
    result.unsettled = pending.length;
    return result;
  }
  // Step order: an account settles before the records that need its id.
  const byStep = pendingKeysByStep(pending);
  const pages = new StagedPages(staged);
  for (const name of stepNames) {
    const keys = byStep.get(name);
    const step = steps.find((s) => s.name === name);
    if (!keys || !step) continue;
    const records = stagedRecordsOf(pages, name, keys);
    result.unsettled += keys.size - records.length;
    const ready = await resolveAllForLookup(run, step, records, result);
    if (step.batch && ready.length > 0) await settleBatch(run, step, ready, result);
    else for (const record of ready) await settleSingle(run, step, record, result);
  }
  return result;
}

/**
 * Waits until the last request of every pending record left at least the quiet period ago;
 * false when the signal aborted first.
 */
function waitOutQuietPeriod(
  pending: readonly JournalEntry[],
  runs: readonly JournalRun[],
  options: { quietMs: number; heartbeatMs: number; signal?: AbortSignal; onWait?: (wait: QuietWait) => void },
): Promise<boolean> {
  const { quietMs, heartbeatMs } = options;
  const due = Math.max(...pending.map((e) => lastAttemptMs(e, runs, heartbeatMs))) + quietMs;
  const recent = pending.filter((e) => lastAttemptMs(e, runs, heartbeatMs) + quietMs > Date.now());
  return waitUntil(due, recent.length, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
  });
}

/** The staged records of a step under the keys (those staging still has), read by key. */
function stagedRecordsOf(pages: StagedPages, step: StepName, keys: ReadonlySet<string>): StagedRecord[] {
  const records: StagedRecord[] = [];
  for (const key of keys) {
    const record = pages.validOf(step, key);
    if (record) records.push(record);
  }
  return records;
}

/** The legacy keys of the pending records, by step. */
function pendingKeysByStep(pending: readonly JournalEntry[]): Map<StepName, Set<string>> {
  const byStep = new Map<StepName, Set<string>>();
  for (const entry of pending) {
    const keys = byStep.get(entry.step) ?? new Set<string>();
    keys.add(entry.legacyKey);
    byStep.set(entry.step, keys);
  }
  return byStep;
}

/**
 * The records ready to be looked up; one whose account is not in Sonar is settled absent here,
 * one that cannot be resolved yet stays unsettled.
 */
async function resolveAllForLookup(
  run: RunState,
  step: Step,
  records: readonly StagedRecord[],
  result: SettleResult,
): Promise<ResolvedRecord[]> {
  const ready: ResolvedRecord[] = [];
  for (const record of records) {
    const resolved = await resolveForLookup(run, step, record);
    if (resolved === 'absent')
      settleOne(run, step, { ...record, fingerprint: fingerprintOf(record) }, null, result);
    else if (resolved) ready.push(resolved);
    else result.unsettled += 1;
  }
  return ready;
}

/** Settles a batched step's records with one lookup of them all (twice for the missing ones). */
async function settleBatch(
  run: RunState,
  step: Step,
  ready: ResolvedRecord[],
  result: SettleResult,
): Promise<void> {
  let found: Map<string, StepResult>;
  try {
    found = await run.limiter.run(() => step.batch!.findAll(run.client, ready, run.context()));
    // Twice before any is concluded absent, as for single records.
    const missing = ready.filter((r) => !found.has(r.legacyKey));
    if (missing.length > 0) {
      const again = await run.limiter.run(() => step.batch!.findAll(run.client, missing, run.context()));
      for (const [key, hit] of again) found.set(key, hit);
    }
  } catch (err) {
    result.unsettled += ready.length;
    if (err instanceof SonarApiError && err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
    return;
  }
  for (const record of ready) settleOne(run, step, record, found.get(record.legacyKey) ?? null, result);
}

/** Settles one record by looking it up (twice before absent), or fails it when it cannot be looked up. */
async function settleSingle(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  result: SettleResult,
): Promise<void> {
  if (step.unlookable?.(record, run.context())) {
    run.journal.markFailed(step.name, record.legacyKey, {
      code: 'JOURNAL_UNSETTLED',
      message: `${record.legacyKey}: the last run stopped while sending it and it makes a transaction that cannot be looked up — check the account in Sonar, then re-run with --retry-failed only if it is missing.`,
    });
    result.unsettled += 1;
    return;
  }
  try {
    const found = await lookUpTwice(run, step, record, run.context());
    settleOne(run, step, record, found, result);
  } catch (err) {
    if (err instanceof SonarApiError && err.code === 'SONAR_AUTH') {
      result.unsettled += 1;
      throw new FatalLoadError(err);
    }
    // Found but Sonar refused a missing part (a RADIUS attribute): failed with its reason.
    if (err instanceof IncompleteRecordError)
      run.journal.markFailed(step.name, record.legacyKey, {
        code: err.cause.code,
        message: err.cause.message,
      });
    result.unsettled += 1;
  }
}

function settleOne(
  run: RunState,
  step: Step,
  record: ResolvedRecord,
  found: StepResult | null,
  result: SettleResult,
): void {
  if (found) {
    // Our own write landed (its answer was lost): loaded, not adopted — rollback may delete it.
    markLoaded(run, step, record, found, false);
    result.found += 1;
    return;
  }
  run.journal.markFailed(
    step.name,
    record.legacyKey,
    {
      code: 'SONAR_UNCERTAIN',
      message: `${record.legacyKey}: the last run stopped while sending it and it is not in Sonar — it is sent again.`,
    },
    { accountKey: record.accountKey ?? null, fingerprint: record.fingerprint },
  );
  result.absent += 1;
}

/**
 * The record as its lookup needs it: names resolved, the account's id known. A record whose
 * account is not in Sonar cannot be there either: it is settled absent without a request.
 */
async function resolveForLookup(
  run: RunState,
  step: Step,
  record: StagedRecord,
): Promise<ResolvedRecord | 'absent' | undefined> {
  const fingerprint = fingerprintOf(record);
  let accountId: number | undefined;
  if (needsAccount(step)) {
    accountId = run.accountId(record.accountKey);
    if (accountId === undefined) {
      const account = run.accountEntryUncached(record.accountKey ?? '');
      return account?.state === 'in_flight' ? undefined : 'absent';
    }
  }
  // Lookups match on content Sonar shows; coordinates are not among it, so no geocoding here.
  const lookup = { ...record, refs: record.refs.filter((r) => r.lookup !== 'geocode') };
  try {
    const resolved = await resolveRecord(lookup, run.reference, run.helpers);
    return 'record' in resolved ? { ...resolved.record, accountId, fingerprint } : undefined;
  } catch {
    return undefined;
  }
}
