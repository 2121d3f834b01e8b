import type { StagedRecord, StepName } from '../ground/types.js';
import type { JournalEntry } from '../journal/journal.js';
import type { StateDb } from '../store/database.js';
import { keysetRows } from '../store/keyset-pages.js';
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

/** A loaded record the source no longer has. */
export interface RemovedRecord {
  step: StepName;
  legacyKey: string;
  accountKey: string | null;
  sonarId: string | null;
}

/** Removals read per query by the anti-join: keyset pages, so a caller may mark each one as it goes. */
const REMOVAL_PAGE = 500;

/** What removedInSource reads of the journal. */
export interface RemovalJournal {
  entries(step: StepName, state: 'loaded'): Iterable<JournalEntry>;
  /** The connection the journal's tables are on: the staging tables' own (load) or another file's (plan). */
  readonly connection?: StateDb;
}

/**
 * The records of a step this journal loaded that the source no longer has: neither staged (valid
 * or rejected) nor rejected by a mapper under the same key. When the journal and the staging
 * tables share the connection (load), one anti-join in SQLite read in keyset pages: at 100,000
 * accounts a lookup per entry from JavaScript cost 9 s of the report after each load. Otherwise
 * (plan stages into a file of its own) one indexed lookup per loaded entry, streamed.
 */
export function* removedInSource(
  staged: StagedRecords,
  journal: RemovalJournal,
  step: StepName,
): Generator<RemovedRecord> {
  if (journal.connection === staged.db) {
    staged.ensureIndexes();
    const page = staged.db.prepare(
      `SELECT legacy_key, account_key, sonar_id FROM journal j
       WHERE j.step = ? AND j.state = 'loaded' AND j.legacy_key > ?
         AND NOT EXISTS (SELECT 1 FROM staged s WHERE s.step = j.step AND s.legacy_key = j.legacy_key)
         AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.input = j.step AND r.legacy_key = j.legacy_key)
       ORDER BY j.legacy_key LIMIT ${REMOVAL_PAGE}`,
    );
    type Row = { legacy_key: string; account_key: string | null; sonar_id: string | null };
    for (const r of keysetRows<Row>(page, [step], REMOVAL_PAGE))
      yield { step, legacyKey: r.legacy_key, accountKey: r.account_key, sonarId: r.sonar_id };
    return;
  }
  for (const e of journal.entries(step, 'loaded'))
    if (!staged.holdsKey(step, e.legacyKey))
      yield { step, legacyKey: e.legacyKey, accountKey: e.accountKey, sonarId: e.sonarId };
}
