import type { StepName } from '../ground/types.js';
import type { GroupCommit } from './group-commit.js';
import type { JournalEntry, JournalError, JournalRecordMeta } from './journal-entry.js';
import type { MemoSlot } from './journal-memo.js';
import { now } from './journal-rows.js';
import type { JournalStatements } from './journal-statements.js';

/**
 * The write side of the journal: the marks of one record. Each is its own committed transaction,
 * outside any open group commit (`GroupCommit.outside`), and drops what the run's memo kept of
 * the record.
 */
export class JournalMarks {
  constructor(
    private readonly statements: JournalStatements,
    private readonly group: GroupCommit,
    private readonly memo: MemoSlot,
  ) {}

  /** In flight, before the write is sent; `before` (what Sonar held) is kept in sonarRef for rollback. */
  markInFlight(
    step: StepName,
    legacyKey: string,
    meta: JournalRecordMeta,
    before?: Record<string, string | number | null>,
  ): void {
    this.memo.current?.written(step, legacyKey);
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

  /** Puts an entry back as it was before its last in-flight mark (`before`, or no entry). */
  unmarkInFlight(step: StepName, legacyKey: string, before: JournalEntry | undefined): void {
    this.memo.current?.written(step, legacyKey);
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
    this.memo.current?.written(step, legacyKey);
    this.group.outside(() =>
      this.statements.note.run(
        JSON.stringify({ code: error.code, message: error.message }),
        now(),
        step,
        legacyKey,
      ),
    );
  }

  /** Loaded with its Sonar id; `meta` only when the record was never in flight (adopted). */
  markLoaded(
    step: StepName,
    legacyKey: string,
    result: { sonarId: string | null; sonarRef?: Record<string, string | number> | null; adopted?: boolean },
    meta?: JournalRecordMeta,
  ): void {
    this.memo.current?.written(step, legacyKey);
    const values = {
      step,
      key: legacyKey,
      accountKey: meta?.accountKey ?? null,
      fingerprint: meta?.fingerprint ?? '',
      loadedFields: meta?.loadedFields ?? null,
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

  /**
   * An update of a loaded record is about to be sent: its fields, durable when this returns (a
   * write outside the group syncs first). The record stays loaded: rollback still deletes it.
   */
  markUpdatePending(step: StepName, legacyKey: string, fields: string[]): void {
    this.memo.current?.written(step, legacyKey);
    this.group.outside(() =>
      this.statements.updatePending.run(JSON.stringify(fields), now(), step, legacyKey),
    );
  }

  /** Sonar took the update: the record's new fingerprint and fields, and no update pending. */
  markUpdated(
    step: StepName,
    legacyKey: string,
    meta: Required<Pick<JournalRecordMeta, 'fingerprint' | 'loadedFields'>>,
  ): void {
    this.memo.current?.written(step, legacyKey);
    this.group.outside(() =>
      this.statements.updated.run({
        step,
        key: legacyKey,
        fingerprint: meta.fingerprint,
        loadedFields: meta.loadedFields,
        now: now(),
      }),
    );
  }

  /** Failed (Sonar refused it, or retries ran out); `--retry-failed` sends it again. */
  markFailed(step: StepName, legacyKey: string, error: JournalError, meta?: JournalRecordMeta): void {
    this.settle(step, legacyKey, 'failed', error, meta);
  }

  /** Skipped, e.g. because its account failed; `reason` says why. */
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

  /** Deleted again by `rollback`. */
  markRolledBack(step: StepName, legacyKey: string): void {
    this.memo.current?.written(step, legacyKey);
    this.group.outside(() => this.statements.rolledBack.run(now(), step, legacyKey));
  }

  private settle(
    step: StepName,
    legacyKey: string,
    state: 'failed' | 'skipped',
    error: JournalError,
    meta: JournalRecordMeta | undefined,
  ): void {
    this.memo.current?.written(step, legacyKey);
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
