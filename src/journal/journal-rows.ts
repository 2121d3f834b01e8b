import type { StepName } from '../ground/types.js';
import type { JournalEntry, JournalState } from './journal-entry.js';

/** A journal row as SQLite returns it. */
export interface EntryRow {
  step: StepName;
  legacy_key: string;
  account_key: string | null;
  state: JournalState;
  attempts: number;
  sonar_id: string | null;
  sonar_ref: string | null;
  fingerprint: string;
  loaded_fields: string | null;
  pending_update: string | null;
  last_error: string | null;
  adopted: number;
  updated_at: string;
}

/** The columns of an EntryRow, for SELECTs. */
export const entryColumns =
  'step, legacy_key, account_key, state, attempts, sonar_id, sonar_ref, fingerprint, loaded_fields, pending_update, last_error, adopted, updated_at';

/** The entry a journal row holds, its JSON columns parsed. */
export function entryFromRow(row: EntryRow): JournalEntry {
  return {
    step: row.step,
    legacyKey: row.legacy_key,
    accountKey: row.account_key,
    state: row.state,
    attempts: row.attempts,
    sonarId: row.sonar_id,
    sonarRef: row.sonar_ref === null ? null : JSON.parse(row.sonar_ref),
    fingerprint: row.fingerprint,
    loadedFields: row.loaded_fields,
    pendingUpdate: row.pending_update === null ? null : JSON.parse(row.pending_update),
    lastError: row.last_error === null ? null : JSON.parse(row.last_error),
    adopted: row.adopted === 1,
    updatedAt: row.updated_at,
  };
}

let lastMs = Number.NaN;
let lastIso = '';

/** The time as an ISO string; formatted once per millisecond (several marks share one). */
export function now(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
