import type { StagedRecord } from '../ground/types.js';
import type { JournalEntry } from '../journal/journal.js';
import { SonarApiError } from '../sonar/errors.js';
import { fingerprintOf } from './fingerprint.js';
import { FatalLoadError } from './load-errors.js';
import { changedFields, loadedFieldsText } from './loaded-fields.js';
import { defaultHeartbeatMs, lastAttemptMs, waitUntil } from './quiet-period.js';
import { resolveRecord } from './reference-data.js';
import type { RunState } from './run-state.js';
import type { ResolvedRecord, Step, StepResult } from './types.js';

/**
 * The pending-update mark of a record being replaced (issue 16): while the journal holds it, the
 * entry's Sonar id is the OLD record's, still to be deleted or already gone. The mark, the old id
 * and the new id's loaded mark are one journal row, so a crash between the delete and the create
 * cannot split the replace: the next run reads the mark and continues where it stopped.
 */
export const replacingMark = '<replacing>';

/** True when the journal says this record is between the delete and the create of a replace. */
export function isReplacing(entry: JournalEntry): boolean {
  return entry.pendingUpdate?.includes(replacingMark) === true;
}

/** True when the source now puts a loaded record (a DID) on another account than the journal's. */
export function movedAccount(entry: JournalEntry, record: StagedRecord): boolean {
  const [was, now] = [entry.accountKey ?? null, record.accountKey ?? null];
  return entry.fingerprint !== '' && was !== null && now !== null && was !== now;
}

/**
 * Whether a loaded record that changed must be replaced: its step says the change is one no update
 * endpoint carries (a new token, a DID on another service or account). `changed` are the fields
 * the journal can name; a secret's change names none.
 */
export function needsReplace(step: Step, entry: JournalEntry, record: StagedRecord): boolean {
  if (!step.replaceWhen || entry.loadedFields === null) return false;
  if (movedAccount(entry, record)) return true;
  if (entry.fingerprint === '' || entry.fingerprint === fingerprintOf(record)) return false;
  return step.replaceWhen(changedFields(entry.loadedFields, record));
}

/**
 * Replaces a loaded record by delete + create, exactly once. First the journal marks it replacing
 * (durable, holding the old id); then the old record is deleted, and its absence confirmed by
 * reading it back as rollback does; then the new record is looked up (a create whose answer was
 * lost) or created; then one journal write puts the new id, fingerprint and fields in place and
 * clears the mark. Resolves to the outcome counted, or a reason it stopped (the mark stays: the
 * next run goes on from there).
 */
export async function replaceLoaded(
  run: RunState,
  step: Step,
  record: StagedRecord,
  entry: JournalEntry,
): Promise<'replaced' | { stopped: string }> {
  const accountId = run.accountId(record.accountKey);
  if (accountId === undefined) return { stopped: `account ${record.accountKey} is not loaded` };
  const resolved = await resolveRecord(record, run.reference, run.helpers);
  if ('unresolved' in resolved) return { stopped: resolved.unresolved.message };
  if (!isReplacing(entry)) run.journal.markUpdatePending(step.name, record.legacyKey, [replacingMark]);
  const ctx = run.context();
  const attempt = async (): Promise<StepResult | string> => {
    if (entry.sonarId !== null && step.present && (await step.present(run.client, entry))) {
      await step.remove(run.client, entry);
      // A 404 or a lost answer is not trusted: the old record must read as gone.
      if (await step.present(run.client, entry))
        return `the old record ${entry.sonarId} is still in Sonar after its delete`;
    }
    const ready: ResolvedRecord = {
      ...resolved.record,
      accountId,
      fingerprint: fingerprintOf(record),
    };
    return (await step.find(run.client, ready, ctx)) ?? (await step.create(run.client, ready, ctx));
  };
  const quietly = (since: number) =>
    waitUntil(since + run.options.quietMs, 1, run.options.signal ? { signal: run.options.signal } : {});
  // Resumed: the create an earlier run sent may still be running in Sonar; look once it is quiet.
  if (isReplacing(entry) && !(await quietly(lastAttemptMs(entry, run.journal.runs(), defaultHeartbeatMs))))
    return { stopped: 'interrupted while waiting for the quiet period' };
  let result: StepResult | string;
  for (let sends = 1; ; sends += 1) {
    try {
      result = await run.limiter.run(attempt);
      break;
    } catch (err) {
      if (!(err instanceof SonarApiError)) throw err;
      if (err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
      if (err.kind === 'terminal' || sends >= run.options.maxSends || run.aborted)
        return { stopped: err.message };
      // A lost answer: the attempt again looks before it sends, once the quiet period has passed.
      if (!(await quietly(Date.now()))) return { stopped: err.message };
    }
  }
  if (typeof result === 'string') return { stopped: result };
  const loaded = result;
  run.journal.transaction(() => {
    run.journal.markLoaded(step.name, record.legacyKey, loaded, {
      accountKey: record.accountKey ?? null,
      fingerprint: fingerprintOf(record),
      loadedFields: loadedFieldsText(record),
    });
    run.journal.markUpdated(step.name, record.legacyKey, {
      fingerprint: fingerprintOf(record),
      loadedFields: loadedFieldsText(record),
    });
  });
  return 'replaced';
}
