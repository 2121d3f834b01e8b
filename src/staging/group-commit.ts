import type { StateDb } from './database.js';

interface PendingWrite {
  write: () => void;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for the state file: writes asked for in the same turn of the event loop are run in
 * ONE SQLite transaction (one fsync under synchronous=FULL instead of one each), and each caller's
 * promise resolves only after that transaction has committed — so "durable before the request is
 * sent" still holds for every caller, it just shares the fsync with its neighbours.
 *
 * The flush runs on `setImmediate`, i.e. after the current poll phase: every answer that arrived in
 * the same I/O turn joins the batch, and while a commit blocks the thread the next answers queue up
 * and form the next batch, so the batch grows with the load without a timer adding latency.
 */
export class GroupCommit {
  private pending: PendingWrite[] = [];
  private scheduled = false;

  constructor(private readonly db: StateDb) {}

  /** Queues `write` (synchronous statements) for the next group transaction; resolves once it is committed. */
  commit(write: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ write, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.db.transaction(() => {
        for (const item of batch) item.write();
      })();
    } catch {
      // The group rolled back as a whole: run each write alone so one bad write fails only its caller.
      for (const item of batch) this.commitAlone(item);
      return;
    }
    for (const item of batch) item.resolve();
  }

  private commitAlone(item: PendingWrite): void {
    try {
      this.db.transaction(item.write)();
    } catch (err) {
      item.reject(err);
      return;
    }
    item.resolve();
  }
}
