import type { StateDb } from './database.js';

interface PendingWrite {
  write: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the state file: writes asked for in the same turn of the event loop are run in
 * ONE SQLite transaction (one fsync under synchronous=FULL instead of one each), and each caller's
 * promise resolves only after that transaction has committed — so "durable before the request is
 * sent" still holds for every caller, it just shares the fsync with its neighbours.
 *
 * Two ways in:
 * - `commit(write)` queues `write`; it runs inside the group transaction when the group flushes.
 * - `runNow(write)` runs `write` at once, inside the group transaction it opens (BEGIN) if none is
 *   open, so later reads on this connection see it; it is durable only once the group commits.
 *   The loader uses it for a record's `loaded` mark: the next record's in-flight mark (queued with
 *   `commit`) then rides in the same transaction, so each request waits for one fsync, not two.
 *
 * The flush runs on `setImmediate`, i.e. after the current poll phase: every answer that arrived in
 * the same I/O turn joins the batch, and while a commit blocks the thread the next answers queue up
 * and form the next batch, so the batch grows with the load without a timer adding latency.
 * `flushNow()` commits the group at once: every write that does not go through the group calls it
 * first, so its own transaction is a real commit and never a savepoint inside the open group.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  /** The group transaction was opened by `runNow` and is not committed yet. */
  private open = false;
  /** Group writes are running: a nested journal write is part of them, not a reason to flush. */
  private running = false;

  constructor(private readonly db: StateDb) {}

  /** Queues `write` (synchronous statements) for the next group transaction; resolves once it is committed. */
  commit(write: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Runs `write` now in the open group transaction (all of it or none: a savepoint); resolves once
   * the group commits. A write that throws is undone alone and rejects only its caller.
   */
  runNow(write: () => void): Promise<void> {
    if (!this.open && !this.db.inTransaction) {
      this.db.exec('BEGIN');
      this.open = true;
    }
    this.running = true;
    try {
      // Nested in the open transaction, better-sqlite3 makes this a savepoint.
      this.db.transaction(write)();
    } catch (err) {
      return Promise.reject(err);
    } finally {
      this.running = false;
    }
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Commits the group now (no-op when nothing waits and no group transaction is open). */
  flushNow(): void {
    if (this.running) return;
    this.flush();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.pending.length === 0 && this.waiters.length === 0 && !this.open) return;
    const batch = this.pending;
    const waiters = this.waiters;
    const open = this.open;
    this.pending = [];
    this.waiters = [];
    this.open = false;
    const settled: Waiter[] = [];
    this.running = true;
    try {
      try {
        // Inside an open group this is a savepoint: a failure undoes the queued writes only.
        this.db.transaction(() => {
          for (const item of batch) item.write();
        })();
        settled.push(...batch);
      } catch {
        // The queued writes rolled back as a whole: run each alone so one bad write fails only its caller.
        for (const item of batch) if (this.runAlone(item)) settled.push(item);
      }
      if (open) this.db.exec('COMMIT');
    } catch (err) {
      // The COMMIT itself failed (disk full, I/O error): nothing of the group is durable.
      if (open && this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const w of [...settled, ...waiters]) w.reject(err);
      return;
    } finally {
      this.running = false;
    }
    for (const w of settled) w.resolve();
    for (const w of waiters) w.resolve();
  }

  private runAlone(item: PendingWrite): boolean {
    try {
      this.db.transaction(item.write)();
    } catch (err) {
      item.reject(err);
      return false;
    }
    return true;
  }
}
