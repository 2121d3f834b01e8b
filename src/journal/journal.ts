import type { StepName } from '../ground/types.js';
import type { StateDb } from '../store/database.js';
import { migrateStateDb } from '../store/schema.js';
import { GroupCommit } from './group-commit.js';
import type {
  JournalEntry,
  JournalError,
  JournalRecordMeta,
  JournalRun,
  JournalState,
} from './journal-entry.js';
import { JournalMemo } from './journal-memo.js';
import type { JournalReader, RunnerJournal, RunSession } from './load-journal.js';

export type {
  JournalEntry,
  JournalError,
  JournalRecordMeta,
  JournalRun,
  JournalState,
} from './journal-entry.js';
export { journalStates, unsettledError } from './journal-entry.js';
export type { JournalReader, LoadJournal, RunnerJournal, RunSession } from './load-journal.js';

interface EntryRow {
  step: StepName;
  legacy_key: string;
  account_key: string | null;
  state: JournalState;
  attempts: number;
  sonar_id: string | null;
  sonar_ref: string | null;
  fingerprint: string;
  last_error: string | null;
  adopted: number;
  updated_at: string;
}

const columns =
  'step, legacy_key, account_key, state, attempts, sonar_id, sonar_ref, fingerprint, last_error, adopted, updated_at';

/**
 * The load journal: one row per (step, legacyKey) in the state file. Every mark is its own
 * committed SQLite transaction (the state file runs with synchronous=FULL), so `markInFlight`
 * is on disk before the request leaves and `markLoaded` lands with the Sonar id atomically.
 * The loader's hot path uses the batched twins (`markInFlightBatched`, `commitBatched`): the same
 * marks, group-committed — one fsync per tick instead of one per mark, each promise resolving
 * after its commit. Every other write first commits the open group (`GroupCommit.outside`), so
 * it stays its own durable transaction.
 */
export class Journal implements RunnerJournal, JournalReader {
  private readonly statements;
  private readonly group: GroupCommit;
  /** While a load runs (`remember`): what the journal knows, kept in memory (see JournalMemo). */
  private memo: JournalMemo | undefined;

  constructor(private readonly db: StateDb) {
    this.group = new GroupCommit(db);
    migrateStateDb(db);
    this.statements = {
      get: db.prepare(`SELECT ${columns} FROM journal WHERE step = ? AND legacy_key = ?`),
      keysOf: db.prepare('SELECT legacy_key FROM journal WHERE step = ?').pluck(),
      // attempts counts sends: an in_flight mark is a send about to happen.
      inFlight: db.prepare(`
        INSERT INTO journal (step, legacy_key, account_key, state, attempts, sonar_ref, fingerprint, last_error, updated_at)
        VALUES (@step, @key, @accountKey, 'in_flight', 1, @sonarRef, @fingerprint, NULL, @now)
        ON CONFLICT (step, legacy_key) DO UPDATE SET
          account_key = excluded.account_key, state = 'in_flight', attempts = attempts + 1,
          sonar_ref = coalesce(excluded.sonar_ref, sonar_ref),
          fingerprint = excluded.fingerprint, last_error = NULL, updated_at = excluded.updated_at`),
      loaded: db.prepare(`
        INSERT INTO journal (step, legacy_key, account_key, state, attempts, sonar_id, sonar_ref, fingerprint, adopted, last_error, updated_at)
        VALUES (@step, @key, @accountKey, 'loaded', 0, @sonarId, @sonarRef, @fingerprint, @adopted, NULL, @now)
        ON CONFLICT (step, legacy_key) DO UPDATE SET
          state = 'loaded', sonar_id = excluded.sonar_id, sonar_ref = ${mergedRef('excluded.sonar_ref')},
          adopted = excluded.adopted, last_error = NULL, updated_at = excluded.updated_at,
          account_key = coalesce(excluded.account_key, account_key),
          fingerprint = CASE WHEN excluded.fingerprint = '' THEN fingerprint ELSE excluded.fingerprint END`),
      // The common case of `loaded`, as an UPDATE: the record's in-flight row exists, with the same
      // account. Leaving account_key out of the SET spares its index a rewrite per mark.
      loadedInPlace: db.prepare(`
        UPDATE journal SET
          state = 'loaded', sonar_id = @sonarId, sonar_ref = ${mergedRef('@sonarRef')},
          adopted = @adopted, last_error = NULL, updated_at = @now,
          fingerprint = CASE WHEN @fingerprint = '' THEN fingerprint ELSE @fingerprint END
        WHERE step = @step AND legacy_key = @key AND (@accountKey IS NULL OR account_key IS @accountKey)`),
      settle: db.prepare(`
        INSERT INTO journal (step, legacy_key, account_key, state, attempts, fingerprint, last_error, updated_at)
        VALUES (@step, @key, @accountKey, @state, 0, @fingerprint, @error, @now)
        ON CONFLICT (step, legacy_key) DO UPDATE SET
          state = excluded.state, last_error = excluded.last_error, updated_at = excluded.updated_at,
          account_key = coalesce(excluded.account_key, account_key),
          fingerprint = CASE WHEN excluded.fingerprint = '' THEN fingerprint ELSE excluded.fingerprint END`),
      rolledBack: db.prepare(
        `UPDATE journal SET state = 'rolled_back', last_error = NULL, updated_at = ? WHERE step = ? AND legacy_key = ?`,
      ),
      counts: db.prepare(
        'SELECT step, state, count(*) AS count FROM journal GROUP BY step, state ORDER BY step, state',
      ),
      startRun: db.prepare('INSERT INTO journal_runs (command, started_at) VALUES (?, ?)'),
      finishRun: db.prepare('UPDATE journal_runs SET finished_at = ?, interrupted = ? WHERE id = ?'),
      touchRun: db.prepare('UPDATE journal_runs SET alive_at = ? WHERE id = ?'),
      runs: db.prepare(
        'SELECT id, command, started_at, finished_at, alive_at, interrupted FROM journal_runs ORDER BY id',
      ),
      // A write Sonar refused unprocessed (401): the record is as it was before this send.
      forget: db.prepare('DELETE FROM journal WHERE step = ? AND legacy_key = ?'),
      restore: db.prepare(`
        UPDATE journal SET state = @state, attempts = @attempts, last_error = @error, updated_at = @now
        WHERE step = @step AND legacy_key = @key`),
      note: db.prepare('UPDATE journal SET last_error = ?, updated_at = ? WHERE step = ? AND legacy_key = ?'),
    };
  }

  /** The entry of one record, or undefined when nothing was ever sent for it. */
  get(step: StepName, legacyKey: string): JournalEntry | undefined {
    const memo = this.memo;
    if (memo) {
      if (memo.absent(step, legacyKey)) return undefined;
      const kept = memo.entry(step, legacyKey);
      if (kept) return kept;
    }
    const row = this.statements.get.get(step, legacyKey) as EntryRow | undefined;
    if (!row) return undefined;
    const entry = fromRow(row);
    memo?.keep(entry);
    return entry;
  }

  /**
   * Marks a record in flight; call (and let it commit) before its write request is sent. `before`
   * is what Sonar held before the write (e.g. an adopted account's next bill date), kept in the
   * entry's sonarRef so rollback can put it back.
   */
  markInFlight(
    step: StepName,
    legacyKey: string,
    meta: JournalRecordMeta,
    before?: Record<string, string | number | null>,
  ): void {
    this.memo?.written(step, legacyKey);
    this.group.outside(() =>
      this.statements.inFlight.run({
        step,
        key: legacyKey,
        accountKey: meta.accountKey,
        sonarRef: before ? JSON.stringify(before) : null,
        fingerprint: meta.fingerprint,
        now: now(),
      }),
    );
  }

  /**
   * Puts a record's entry back as it was before its last in-flight mark (`before`, or no entry):
   * for a write Sonar refused without processing it (401), so the record is pending again — not
   * failed, and not in flight (nothing to look up).
   */
  unmarkInFlight(step: StepName, legacyKey: string, before: JournalEntry | undefined): void {
    this.memo?.written(step, legacyKey);
    this.group.outside(() => {
      if (!before) this.statements.forget.run(step, legacyKey);
      else
        this.statements.restore.run({
          step,
          key: legacyKey,
          state: before.state,
          attempts: before.attempts,
          error: before.lastError ? JSON.stringify(before.lastError) : null,
          now: now(),
        });
    });
  }

  /** Notes a problem on a record without changing its state (a loaded record Sonar holds twice). */
  noteError(step: StepName, legacyKey: string, error: JournalError): void {
    this.memo?.written(step, legacyKey);
    this.group.outside(() =>
      this.statements.note.run(
        JSON.stringify({ code: error.code, message: error.message }),
        now(),
        step,
        legacyKey,
      ),
    );
  }

  /**
   * Marks a record in flight through the group commit: resolves only once the transaction holding
   * the mark (shared with the other marks asked for in the same tick) is on disk — send after that.
   */
  markInFlightBatched(
    step: StepName,
    legacyKey: string,
    meta: JournalRecordMeta,
    before?: Record<string, string | number | null>,
  ): Promise<void> {
    return this.group.commit(() => this.markInFlight(step, legacyKey, meta, before));
  }

  /**
   * Runs `write` (synchronous marks, e.g. `markLoaded`) now, all of it or none, inside the open
   * group-commit transaction: reads on this journal see it at once, and it is durable once that
   * transaction commits — with the next in-flight marks, at the latest when this promise resolves.
   * Whatever depends on it durably must await this promise or a later group commit.
   */
  commitBatched(write: () => void): Promise<void> {
    return this.group.runNow(write);
  }

  /**
   * Marks a record loaded with its Sonar id in one transaction. `meta` is only needed when the
   * record was never in flight (adopted by `plan`/`load` because it was already in Sonar).
   */
  markLoaded(
    step: StepName,
    legacyKey: string,
    result: { sonarId: string | null; sonarRef?: Record<string, string | number> | null; adopted?: boolean },
    meta?: JournalRecordMeta,
  ): void {
    this.memo?.written(step, legacyKey);
    const values = {
      step,
      key: legacyKey,
      accountKey: meta?.accountKey ?? null,
      fingerprint: meta?.fingerprint ?? '',
      sonarId: result.sonarId,
      sonarRef: result.sonarRef ? JSON.stringify(result.sonarRef) : null,
      adopted: result.adopted ? 1 : 0,
      now: now(),
    };
    this.group.outside(() => {
      // Same outcome as the upsert whenever the UPDATE matches a row; otherwise the upsert decides.
      if (this.statements.loadedInPlace.run(values).changes === 0) this.statements.loaded.run(values);
    });
  }

  /** Marks a record failed (Sonar refused it, or retries ran out); `--retry-failed` sends it again. */
  markFailed(step: StepName, legacyKey: string, error: JournalError, meta?: JournalRecordMeta): void {
    this.settle(step, legacyKey, 'failed', error, meta);
  }

  /** Marks a record skipped, e.g. because its account failed; `reason` says why. */
  markSkipped(
    step: StepName,
    legacyKey: string,
    reason: string | JournalError,
    meta?: JournalRecordMeta,
  ): void {
    const error: JournalError =
      typeof reason === 'string' ? { code: 'JOURNAL_SKIPPED', message: reason } : reason;
    this.settle(step, legacyKey, 'skipped', error, meta);
  }

  /** Marks a loaded record as deleted again by `rollback`. */
  markRolledBack(step: StepName, legacyKey: string): void {
    this.memo?.written(step, legacyKey);
    this.group.outside(() => this.statements.rolledBack.run(now(), step, legacyKey));
  }

  /**
   * Entries, optionally of one step and/or state, ordered by step then key: read whole into a list,
   * since callers mark entries while going through them, which a live SQLite cursor forbids.
   */
  entries(step?: StepName, state?: JournalState): JournalEntry[] {
    const where: string[] = [];
    const params: string[] = [];
    if (step !== undefined) {
      where.push('step = ?');
      params.push(step);
    }
    if (state !== undefined) {
      where.push('state = ?');
      params.push(state);
    }
    const sql = `SELECT ${columns} FROM journal ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY step, legacy_key`;
    return (this.db.prepare(sql).all(...params) as EntryRow[]).map(fromRow);
  }

  /** Loaded entries of a step that carry a problem noted afterwards (a duplicate in Sonar), read whole. */
  flagged(step: StepName): JournalEntry[] {
    const rows = this.db
      .prepare(
        `SELECT ${columns} FROM journal WHERE step = ? AND state = 'loaded' AND last_error IS NOT NULL ORDER BY legacy_key`,
      )
      .all(step) as EntryRow[];
    return rows.map(fromRow);
  }

  /** Every in-flight entry: what a crash or an uncertain answer left unsettled. */
  inFlight(): JournalEntry[] {
    return this.entries(undefined, 'in_flight');
  }

  /** Counts per step and state. */
  counts(): Array<{ step: StepName; state: JournalState; count: number }> {
    return this.statements.counts.all() as Array<{ step: StepName; state: JournalState; count: number }>;
  }

  /**
   * Starts a load run (see RunSession): records it, takes the fsyncs off the thread (`deferSyncs`)
   * and keeps the journal's answers in memory (`remember`) until the session is closed. Only for a
   * run that holds the state file's lock, as `load` does.
   */
  beginRun(command = 'load'): RunSession {
    const runId = this.startRun(command);
    // The journal's fsyncs run off the thread for the run (each mark is still on disk before
    // anything depends on it); back to synchronous commits once the run is over, whatever ended it.
    const syncs = this.deferSyncs();
    // Nearly every record asks the journal about itself, its account and its next bill date: the
    // answers come from memory for the run.
    const memo = this.remember();
    return {
      runId,
      touch: () => this.touchRun(runId),
      finish: (options) => this.finishRun(runId, options),
      close: () => {
        memo.forget();
        return syncs.restore();
      },
    };
  }

  /** Records the start of a run and returns its id (a run without a session, e.g. rollback). */
  startRun(command = 'load'): number {
    return Number(this.group.outside(() => this.statements.startRun.run(command, now())).lastInsertRowid);
  }

  /** Records the end of a run; `interrupted` when it stopped on SIGINT or a fatal error. */
  finishRun(runId: number, options: { interrupted: boolean }): void {
    this.group.outside(() => this.statements.finishRun.run(now(), options.interrupted ? 1 : 0, runId));
  }

  /**
   * Records that a run is still alive (its heartbeat): a run killed without finishing may have
   * sent requests until its last heartbeat and one interval after, which the next run waits out.
   */
  touchRun(runId: number): void {
    this.group.outside(() => this.statements.touchRun.run(now(), runId));
  }

  /** Every run, oldest first. */
  runs(): JournalRun[] {
    const rows = this.statements.runs.all() as Array<{
      id: number;
      command: string;
      started_at: string;
      finished_at: string | null;
      alive_at: string | null;
      interrupted: number;
    }>;
    return rows.map((r) => ({
      id: r.id,
      command: r.command,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      aliveAt: r.alive_at,
      interrupted: r.interrupted === 1,
    }));
  }

  /**
   * Keeps what the journal knows in memory until `forget` is called (see JournalMemo): only for a
   * run that holds the state file's lock, as `load` does, since writes by anything else are missed.
   */
  remember(): { forget: () => void } {
    this.memo = new JournalMemo((step) => this.statements.keysOf.all(step) as string[]);
    return { forget: () => (this.memo = undefined) };
  }

  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T {
    return this.group.outside(() => this.db.transaction(fn)());
  }

  /** Group commits made so far by this journal (each one fsync): for diagnostics and tests. */
  get groupCommits(): number {
    return this.group.commits;
  }

  /**
   * Takes the fsync of each commit off the thread until `restore` resolves (see
   * `GroupCommit.deferSyncs`): every mark is still on disk when its call returns or its promise
   * resolves. `load` uses it for the length of a run.
   */
  deferSyncs(): { restore: () => Promise<void> } {
    return this.group.deferSyncs();
  }

  private settle(
    step: StepName,
    legacyKey: string,
    state: 'failed' | 'skipped',
    error: JournalError,
    meta: JournalRecordMeta | undefined,
  ): void {
    this.memo?.written(step, legacyKey);
    this.group.outside(() =>
      this.statements.settle.run({
        step,
        key: legacyKey,
        state,
        accountKey: meta?.accountKey ?? null,
        fingerprint: meta?.fingerprint ?? '',
        error: JSON.stringify({ code: error.code, message: error.message }),
        now: now(),
      }),
    );
  }
}

/**
 * The loaded mark's sonar_ref: what the in-flight mark kept (the value before the write) with the
 * answer's fields over it. json_patch only when both are there: most marks have nothing kept.
 */
function mergedRef(incoming: string): string {
  return `CASE WHEN sonar_ref IS NULL OR ${incoming} IS NULL OR state != 'in_flight' THEN ${incoming} ELSE json_patch(sonar_ref, ${incoming}) END`;
}

let lastMs = Number.NaN;
let lastIso = '';

/** The time as an ISO string; formatted once per millisecond (several marks share one). */
function now(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function fromRow(row: EntryRow): JournalEntry {
  return {
    step: row.step,
    legacyKey: row.legacy_key,
    accountKey: row.account_key,
    state: row.state,
    attempts: row.attempts,
    sonarId: row.sonar_id,
    sonarRef: row.sonar_ref === null ? null : JSON.parse(row.sonar_ref),
    fingerprint: row.fingerprint,
    lastError: row.last_error === null ? null : JSON.parse(row.last_error),
    adopted: row.adopted === 1,
    updatedAt: row.updated_at,
  };
}
