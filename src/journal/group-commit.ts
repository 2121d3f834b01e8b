import type { StateDb } from '../store/database.js';
import { WalSync } from './wal-sync.js';

interface PendingWrite {
  write: () => void;
  /** One statement that changes the file: SQLite undoes it alone when it fails (see `commit`). */
  atomic: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Options of a GroupCommit. */
export interface GroupCommitOptions {
  /**
   * Least time between two commits, in ms (default 4). Records whose marks wait for the next
   * commit do not hold a request slot meanwhile (the runner keeps more accounts in progress than
   * slots), so a few ms here costs the load no throughput.
   */
  minSpacingMs?: number;
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
 * and form the next batch. Under load, commits are also spaced at least `minSpacingMs` apart: each
 * costs an fsync that blocks the thread (about 1 ms here) whatever it carries, so a busy loader
 * makes fewer, fuller commits. An idle one is not delayed: when the last commit is older than the
 * spacing, the group flushes on the next turn as before.
 * `outside(write)` runs a write that does not go through the group: the group commits first, so
 * that write's own transaction is a real commit and never a savepoint inside the open group.
 *
 * `deferSyncs()` takes the fsync off the thread for a load: the connection commits with
 * `synchronous = NORMAL` and each group's callers resolve once a WAL sync on the thread pool has
 * covered their commit (`WalSync`); a write outside the group (`outside`) syncs before it returns.
 * Either way a caller's promise still means "on disk".
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];
  private waiters: Waiter[] = [];
  private scheduled = false;
  /** The group transaction was opened by `runNow` and is not committed yet. */
  private open = false;
  /** Group writes are running: a nested journal write is part of them, not a reason to flush. */
  private running = false;
  /** Group transactions committed so far. */
  commits = 0;
  /** Writes outside the group synced on the loader's thread (deferred syncs only): one fsync each. */
  syncsOnThread = 0;
  /** When the last group committed (performance.now()). */
  private lastCommit = Number.NEGATIVE_INFINITY;
  private readonly minSpacingMs: number;
  /** Set while syncs are deferred: commits are synced through it instead of by SQLite. */
  private walSync: WalSync | undefined;
  /**
   * Runs its argument in a transaction (a savepoint inside an open one). Made once: better-sqlite3
   * builds a set of wrapper functions on every `db.transaction(fn)` call, a cost on every mark.
   */
  private readonly transactionally: (write: () => void) => void;

  constructor(
    private readonly db: StateDb,
    options: GroupCommitOptions = {},
  ) {
    this.minSpacingMs = Math.max(0, options.minSpacingMs ?? 4);
    this.transactionally = db.transaction((write: () => void) => write());
  }

  /**
   * Queues `write` (synchronous statements) for the next group transaction; resolves once it is
   * committed. `atomic`, as for `runNow`: the caller vouches that `write` changes the file in at
   * most one statement (a record's in-flight mark).
   */
  commit(write: () => void, atomic = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ write, atomic, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Runs `write` now in the open group transaction (all of it or none: a savepoint); resolves once
   * the group commits. A write that throws is undone alone and rejects only its caller.
   * `atomic`: the caller vouches that `write` changes the file in at most one statement (a
   * record's loaded mark), which SQLite undoes alone when it fails; such a write needs no savepoint,
   * two statements a record fewer.
   */
  runNow(write: () => void, atomic = false): Promise<void> {
    if (!this.open && !this.db.inTransaction) {
      this.db.exec('BEGIN');
      this.open = true;
    }
    this.running = true;
    try {
      // Nested in the open transaction, better-sqlite3 makes this a savepoint.
      if (atomic) write();
      else this.transactionally(write);
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

  /**
   * Runs `write`, a journal write that does not go through the group, as its own durable commit:
   * the open group commits first (so `write` is never a savepoint of it) and, while syncs are
   * deferred, the WAL is synced before this returns. Inside a group's writes it is simply part of them.
   */
  outside<T>(write: () => T): T {
    if (this.running) return write();
    this.flush();
    const result = write();
    if (this.walSync && !this.db.inTransaction) {
      this.walSync.syncNow();
      this.syncsOnThread += 1;
    }
    return result;
  }

  /**
   * Defers the fsync of each commit to a WAL sync off the thread, until the returned `restore`
   * resolves. A no-op (restore resolves at once) when the file is not in WAL mode or is in memory.
   */
  deferSyncs(): { restore: () => Promise<void> } {
    const journalMode = String(this.db.pragma('journal_mode', { simple: true }));
    const unchanged = { restore: async () => {} };
    if (this.walSync || this.db.memory || journalMode !== 'wal') return unchanged;
    this.flush();
    let walSync: WalSync;
    try {
      walSync = new WalSync(`${this.db.name}-wal`);
    } catch {
      // No WAL file to sync by hand (a read-only folder, say): commits keep syncing themselves.
      return unchanged;
    }
    this.db.pragma('synchronous = NORMAL');
    this.walSync = walSync;
    return {
      restore: async () => {
        if (this.walSync !== walSync) return;
        this.flush();
        // SQLite refuses a new `synchronous` inside a transaction; the group's is committed above.
        this.db.pragma('synchronous = FULL');
        this.walSync = undefined;
        walSync.syncNow();
        await walSync.close();
      },
    };
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flushScheduled = () => {
      this.scheduled = false;
      this.flush();
    };
    const wait = this.lastCommit + this.minSpacingMs - performance.now();
    if (wait > 0) setTimeout(flushScheduled, wait);
    else setImmediate(flushScheduled);
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
      this.writeGroup(batch, open, settled);
    } catch (err) {
      // The COMMIT itself failed (disk full, I/O error): nothing of the group is durable.
      this.rollBackGroup(open);
      for (const w of [...settled, ...waiters]) w.reject(err);
      return;
    } finally {
      this.running = false;
    }
    this.resolveOnDisk([...settled, ...waiters]);
  }

  /**
   * Runs the queued writes in one transaction and commits the group; `settled` receives the writes
   * that succeeded (before a failing COMMIT throws, so their callers are told).
   */
  private writeGroup(batch: readonly PendingWrite[], open: boolean, settled: Waiter[]): void {
    if (open) {
      // Inside the group `runNow` opened, each write on its own. One savepoint around them all
      // kept a copy of every page they touched, and past 64 KiB SQLite writes that copy to a
      // temporary file, created and deleted at every commit.
      for (const item of batch) if (this.runAlone(item)) settled.push(item);
    } else {
      try {
        this.transactionally(() => {
          for (const item of batch) item.write();
        });
        settled.push(...batch);
      } catch {
        // The queued writes rolled back as a whole: run each alone so one bad write fails only its caller.
        for (const item of batch) if (this.runAlone(item)) settled.push(item);
      }
    }
    if (open) this.db.exec('COMMIT');
    this.lastCommit = performance.now();
    this.commits += 1;
  }

  /** Rolls back the group after a failed COMMIT, if SQLite has not already done so. */
  private rollBackGroup(open: boolean): void {
    // SQLite may have rolled back already (SQLITE_FULL): a failing ROLLBACK must not hide why.
    try {
      if (open && this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // The original error (rejected by the caller) says what happened.
    }
  }

  /** Resolves the callers of a committed group once it is on disk (at once unless syncs are deferred). */
  private resolveOnDisk(landed: readonly Waiter[]): void {
    if (!this.walSync) {
      for (const w of landed) w.resolve();
      return;
    }
    // Committed but not yet on disk: the callers resolve once a WAL sync has covered the commit.
    this.walSync.sync().then(
      () => {
        for (const w of landed) w.resolve();
      },
      (err: unknown) => {
        for (const w of landed) w.reject(err);
      },
    );
  }

  /** Runs one queued write, undone alone if it fails (an atomic one needs no savepoint for that). */
  private runAlone(item: PendingWrite): boolean {
    try {
      if (item.atomic && this.db.inTransaction) item.write();
      else this.transactionally(item.write);
    } catch (err) {
      item.reject(err);
      return false;
    }
    return true;
  }
}
