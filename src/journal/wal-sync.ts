import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';

/** How a sync reaches the disk: fs.fdatasync, or a stand-in in tests. */
export type SyncFile = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

/**
 * fdatasync of a SQLite WAL file, off the event loop. With `synchronous = NORMAL` a WAL commit is
 * written but not synced; syncing the WAL file afterwards makes every transaction committed before
 * the sync started durable, the same guarantee `synchronous = FULL` gives at each COMMIT (the WAL
 * header, written when the WAL restarts, is synced by SQLite itself in both modes). Here the sync
 * runs on libuv's thread pool, so the loader's thread goes on reading answers meanwhile.
 *
 * At most one sync runs at a time: callers that arrive while one runs share the next one, which
 * starts once the running one ends (their commits may have come after it started).
 */
export class WalSync {
  readonly #fd: number;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  /** Opens `walPath` (the `-wal` file beside the database, which must exist). */
  constructor(
    walPath: string,
    private readonly syncFile: SyncFile = fdatasync,
  ) {
    // Read-write: Windows flushes a file's buffers only through a handle that may write to it.
    this.#fd = openSync(walPath, 'r+');
  }

  /** Resolves once everything written to the WAL before this call is on disk. */
  sync(): Promise<void> {
    if (this.#next) return this.#next;
    if (!this.#running) return this.#start();
    const start = () => this.#start();
    this.#next = this.#running.then(start, start);
    return this.#next;
  }

  /** The same, blocking: for a write outside the group, which must be durable when it returns. */
  syncNow(): void {
    fdatasyncSync(this.#fd);
  }

  /** Waits for the syncs asked for, then closes the file. */
  async close(): Promise<void> {
    await Promise.allSettled([this.#next, this.#running]);
    closeSync(this.#fd);
  }

  #start(): Promise<void> {
    this.#next = undefined;
    const run = new Promise<void>((resolve, reject) => {
      this.syncFile(this.#fd, (err) => (err ? reject(err) : resolve()));
    });
    this.#running = run;
    const done = () => {
      if (this.#running === run) this.#running = undefined;
    };
    run.then(done, done);
    return run;
  }
}
