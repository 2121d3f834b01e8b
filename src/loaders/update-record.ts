import type { StagedRecord } from '../ground/types.js';
import type { JournalEntry } from '../journal/journal.js';
import { SonarApiError } from '../sonar/errors.js';
import { fingerprintOf } from './fingerprint.js';
import { FatalLoadError } from './load-errors.js';
import { changedFields, loadedFieldsText } from './loaded-fields.js';
import { resolveRecord } from './reference-data.js';
import { isReplacing, movedAccount, needsReplace, replaceLoaded } from './replace-record.js';
import type { RunState } from './run-state.js';
import type { Step } from './types.js';

/**
 * Brings a loaded record that changed in the source up to date through its step's documented
 * update endpoint, sending only the changed top-level fields (issue 16). Exactly once in effect:
 * the fields are marked pending durably before the request; an update sets values, so when the
 * answer is lost the next run sends the pending fields again with the source's values, which
 * leaves Sonar as one send would. The record stays `loaded` throughout — rollback still deletes
 * it, and nothing here ever marks it failed (that would let `--retry-failed` create it again).
 * What cannot go by update (no endpoint, a field blanked, a new secret) is counted changed, not sent.
 */
export async function updateLoaded(run: RunState, step: Step, record: StagedRecord, entry: JournalEntry) {
  const unchanged =
    (entry.fingerprint === '' || entry.fingerprint === fingerprintOf(record)) && !movedAccount(entry, record);
  if (unchanged && entry.pendingUpdate === null) return run.count(step.name, 'alreadyLoaded');
  // What was in Sonar before the migration (adopted) is never changed, nor is anything on such an account.
  if (entry.adopted || run.accountEntry(record.accountKey ?? '')?.adopted)
    return run.count(step.name, 'changedSinceLoaded');
  if (isReplacing(entry) || needsReplace(step, entry, record)) {
    const outcome = await replaceLoaded(run, step, record, entry);
    if (outcome === 'replaced') return run.count(step.name, 'replaced');
    run.journal.noteError(step.name, record.legacyKey, {
      code: 'LOAD_NOT_UPDATED',
      message: `replace (delete + create) stopped: ${outcome.stopped}; the next run goes on from there.`,
    });
    // Between the delete and the create (or before): not settled until a run finishes it.
    return run.count(
      step.name,
      isReplacing(run.journal.get(step.name, record.legacyKey) ?? entry) ? 'unsettled' : 'changedSinceLoaded',
    );
  }
  const update = step.update;
  const schema = step.updateSchema;
  const accountId = run.accountId(record.accountKey);
  if (!update || !schema || entry.loadedFields === null || accountId === undefined)
    return run.count(step.name, 'changedSinceLoaded');
  const fields = [...new Set([...(entry.pendingUpdate ?? []), ...changedFields(entry.loadedFields, record)])];
  const why = (message: string) => {
    run.journal.noteError(step.name, record.legacyKey, { code: 'LOAD_NOT_UPDATED', message });
    run.count(step.name, 'changedSinceLoaded');
  };
  let payload: Record<string, unknown>;
  try {
    const resolved = await resolveRecord(record, run.reference, run.helpers);
    if ('unresolved' in resolved) return why(`${resolved.unresolved.message}; not updated.`);
    payload = resolved.record.payload;
  } catch (err) {
    if (!(err instanceof SonarApiError)) throw err;
    return why(`${err.message}; not updated.`);
  }
  const top = [...new Set(fields.map((f) => f.split('.')[0] ?? f))];
  const blank = top.filter((f) => payload[f] === undefined);
  if (blank.length > 0)
    return why(
      `${blank.join(', ')} blank in the source now: an update cannot clear it — change it in Sonar.`,
    );
  const checked = schema.safeParse(Object.fromEntries(top.map((f) => [f, payload[f]])));
  if (!checked.success) return why(`the changed fields (${top.join(', ')}) are not a valid update.`);
  if (top.length > 0) {
    run.journal.markUpdatePending(step.name, record.legacyKey, fields);
    const body = checked.data as Record<string, unknown>;
    const send = () =>
      run.limiter.run(() => update(run.client, { ...entry, accountId }, body, run.context()));
    const failure = await sendUntilAnswered(run, send);
    // Left pending: the next run sends the fields again.
    if (failure) return why(`update of ${top.join(', ')}: ${failure.message}`);
  }
  run.journal.markUpdated(step.name, record.legacyKey, {
    fingerprint: fingerprintOf(record),
    loadedFields: loadedFieldsText(record),
  });
  run.count(step.name, 'updated');
}

/**
 * Sends an update until Sonar answers it: a lost answer (uncertain) or a transient failure is sent
 * again at once, up to the run's sends per record — setting the same values twice is harmless.
 * Resolves to the last failure, or undefined once Sonar took it.
 */
async function sendUntilAnswered(
  run: RunState,
  send: () => Promise<void>,
): Promise<SonarApiError | undefined> {
  for (let sends = 1; ; sends += 1) {
    try {
      await send();
      return undefined;
    } catch (err) {
      if (!(err instanceof SonarApiError)) throw err;
      if (err.code === 'SONAR_AUTH') throw new FatalLoadError(err);
      if (err.kind === 'terminal' || sends >= run.options.maxSends || run.aborted) return err;
    }
  }
}
