import type { StagedRecord, StepName } from '../ground/types.js';
import type { JournalEntry } from '../journal/journal.js';
import type { StagedRecords } from '../store/staged-records.js';
import { fingerprintOf } from './fingerprint.js';
import { changedFields } from './loaded-fields.js';

/** Said for a changed record loaded before the journal kept its fields. */
export const unknownFields = '(fields not known: loaded before the journal kept them)';

/**
 * The fields a loaded record changed in the source since, or undefined when it did not change.
 * The fingerprint decides, as it does for `load`; the journal's fields only name the change.
 */
export function changeOf(entry: JournalEntry, record: StagedRecord): string[] | undefined {
  if (!entry.fingerprint || entry.fingerprint === fingerprintOf(record)) return undefined;
  const fields = entry.loadedFields === null ? [] : changedFields(entry.loadedFields, record);
  return fields.length > 0 ? fields : [unknownFields];
}

/**
 * The records of a step this journal loaded that the source no longer has: neither staged (valid
 * or rejected) nor rejected by a mapper under the same key. Read one indexed lookup per entry,
 * streamed from the journal's pages (a caller may mark each one as it goes).
 */
export function* removedInSource(
  staged: StagedRecords,
  journal: { entries(step: StepName, state: 'loaded'): Iterable<JournalEntry> },
  step: StepName,
): Generator<{ step: StepName; legacyKey: string; accountKey: string | null; sonarId: string | null }> {
  for (const e of journal.entries(step, 'loaded'))
    if (!staged.holdsKey(step, e.legacyKey))
      yield { step, legacyKey: e.legacyKey, accountKey: e.accountKey, sonarId: e.sonarId };
}
