import type { StateDb } from '../store/database.js';
import { unsettledTerm } from '../store/schema.js';
import { entryColumns } from './journal-rows.js';

/** The journal's prepared statements, made once per state file connection. */
export type JournalStatements = ReturnType<typeof prepareJournalStatements>;

/** Prepares every statement the journal runs more than once. */
export function prepareJournalStatements(db: StateDb) {
  return {
    get: db.prepare(`SELECT ${entryColumns} FROM journal WHERE step = ? AND legacy_key = ?`),
    keysOf: db.prepare('SELECT legacy_key FROM journal WHERE step = ? LIMIT ?').pluck(),
    inFlight: db.prepare(inFlightSql),
    loaded: db.prepare(loadedSql),
    loadedInPlace: db.prepare(loadedInPlaceSql),
    settle: db.prepare(settleSql),
    rolledBack: db.prepare(
      `UPDATE journal SET state = 'rolled_back', last_error = NULL, updated_at = ? WHERE step = ? AND legacy_key = ?`,
    ),
    // Two index reads that journal counts() combines: a step's entries (the primary key's index) and its
    // entries not loaded (journal_unsettled).
    stepCounts: db.prepare('SELECT step, count(*) AS count FROM journal GROUP BY step'),
    unsettledCounts: db.prepare(
      `SELECT step, state, count(*) AS count FROM journal WHERE ${unsettledTerm} GROUP BY step, state`,
    ),
    startRun: db.prepare(
      'INSERT INTO journal_runs (command, started_at, options, rejected) VALUES (?, ?, ?, ?)',
    ),
    finishRun: db.prepare(
      'UPDATE journal_runs SET finished_at = ?, interrupted = ?, failed = ?, skipped = ? WHERE id = ?',
    ),
    touchRun: db.prepare('UPDATE journal_runs SET alive_at = ? WHERE id = ?'),
    runs: db.prepare(
      'SELECT id, command, started_at, finished_at, alive_at, interrupted, options, failed, skipped, rejected FROM journal_runs ORDER BY id',
    ),
    // A write Sonar refused unprocessed (401): the record is as it was before this send.
    forget: db.prepare('DELETE FROM journal WHERE step = ? AND legacy_key = ?'),
    restore: db.prepare(restoreSql),
    updatePending: db.prepare(
      "UPDATE journal SET pending_update = ?, updated_at = ? WHERE step = ? AND legacy_key = ? AND state = 'loaded'",
    ),
    updated: db.prepare(
      `UPDATE journal SET fingerprint = @fingerprint, loaded_fields = @loadedFields, pending_update = NULL,
         last_error = NULL, updated_at = @now WHERE step = @step AND legacy_key = @key AND state = 'loaded'`,
    ),
    note: db.prepare('UPDATE journal SET last_error = ?, updated_at = ? WHERE step = ? AND legacy_key = ?'),
  };
}

/**
 * The loaded mark's sonar_ref: what the in-flight mark kept (the value before the write) with the
 * answer's fields over it. json_patch only when both are there: most marks have nothing kept.
 */
function mergedRef(incoming: string): string {
  return `CASE WHEN sonar_ref IS NULL OR ${incoming} IS NULL OR state != 'in_flight' THEN ${incoming} ELSE json_patch(sonar_ref, ${incoming}) END`;
}

// attempts counts sends: an in_flight mark is a send about to happen.
const inFlightSql = `
        INSERT INTO journal (step, legacy_key, account_key, state, attempts, sonar_ref, fingerprint, last_error, updated_at)
        VALUES (@step, @key, @accountKey, 'in_flight', 1, @sonarRef, @fingerprint, NULL, @now)
        ON CONFLICT (step, legacy_key) DO UPDATE SET
          account_key = excluded.account_key, state = 'in_flight', attempts = attempts + 1,
          sonar_ref = coalesce(excluded.sonar_ref, sonar_ref),
          fingerprint = excluded.fingerprint, last_error = NULL, updated_at = excluded.updated_at`;

const loadedSql = `
        INSERT INTO journal (step, legacy_key, account_key, state, attempts, sonar_id, sonar_ref, fingerprint, loaded_fields, adopted, last_error, updated_at)
        VALUES (@step, @key, @accountKey, 'loaded', 0, @sonarId, @sonarRef, @fingerprint, @loadedFields, @adopted, NULL, @now)
        ON CONFLICT (step, legacy_key) DO UPDATE SET
          state = 'loaded', sonar_id = excluded.sonar_id, sonar_ref = ${mergedRef('excluded.sonar_ref')},
          loaded_fields = coalesce(excluded.loaded_fields, loaded_fields),
          adopted = excluded.adopted, last_error = NULL, updated_at = excluded.updated_at,
          account_key = coalesce(excluded.account_key, account_key),
          fingerprint = CASE WHEN excluded.fingerprint = '' THEN fingerprint ELSE excluded.fingerprint END`;

// The common case of `loaded`, as an UPDATE: the record's in-flight row exists, with the same
// account. Leaving account_key out of the SET spares its index a rewrite per mark.
const loadedInPlaceSql = `
        UPDATE journal SET
          state = 'loaded', sonar_id = @sonarId, sonar_ref = ${mergedRef('@sonarRef')},
          loaded_fields = coalesce(@loadedFields, loaded_fields),
          adopted = @adopted, last_error = NULL, updated_at = @now,
          fingerprint = CASE WHEN @fingerprint = '' THEN fingerprint ELSE @fingerprint END
        WHERE step = @step AND legacy_key = @key AND (@accountKey IS NULL OR account_key IS @accountKey)`;

const settleSql = `
        INSERT INTO journal (step, legacy_key, account_key, state, attempts, fingerprint, last_error, updated_at)
        VALUES (@step, @key, @accountKey, @state, 0, @fingerprint, @error, @now)
        ON CONFLICT (step, legacy_key) DO UPDATE SET
          state = excluded.state, last_error = excluded.last_error, updated_at = excluded.updated_at,
          account_key = coalesce(excluded.account_key, account_key),
          fingerprint = CASE WHEN excluded.fingerprint = '' THEN fingerprint ELSE excluded.fingerprint END`;

const restoreSql = `
        UPDATE journal SET state = @state, attempts = @attempts, last_error = @error, updated_at = @now
        WHERE step = @step AND legacy_key = @key`;
