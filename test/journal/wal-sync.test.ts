import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SyncFile, WalSync } from '../../src/journal/wal-sync.js';
import { makeTempDir } from '../helpers/io.js';

/** A stand-in fdatasync whose calls finish only when the test says so. */
function manualSync() {
  const pending: Array<(err: NodeJS.ErrnoException | null) => void> = [];
  const syncFile: SyncFile = (_fd, done) => {
    pending.push(done);
  };
  return {
    syncFile,
    started: () => pending.length,
    finish: async (err: NodeJS.ErrnoException | null = null) => {
      pending.shift()?.(err);
      // Let the promise callbacks run (the next sync starts from one of them).
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function walFile(): string {
  const path = join(makeTempDir(), 'state.db-wal');
  writeFileSync(path, '');
  return path;
}

describe('WalSync', () => {
  it('resolves a caller only after a sync that started after its call', async () => {
    const disk = manualSync();
    const wal = new WalSync(walFile(), disk.syncFile);
    const settled: string[] = [];
    const first = wal.sync().then(() => settled.push('first'));
    // Asked while the first sync runs: its commit may have come after that sync started.
    const second = wal.sync().then(() => settled.push('second'));
    const third = wal.sync().then(() => settled.push('third'));
    expect(disk.started()).toBe(1);
    await disk.finish();
    expect(settled).toEqual(['first']);
    // The two late callers share one next sync, started only now.
    expect(disk.started()).toBe(1);
    await disk.finish();
    await Promise.all([first, second, third]);
    expect(settled).toEqual(['first', 'second', 'third']);
    expect(disk.started()).toBe(0);
    const closed = wal.close();
    await closed;
  });

  it('rejects the callers of a sync that failed and starts afresh for the next', async () => {
    const disk = manualSync();
    const wal = new WalSync(walFile(), disk.syncFile);
    const failed = wal.sync();
    const failure = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    await disk.finish(failure);
    await expect(failed).rejects.toThrow('EIO');
    const next = wal.sync();
    expect(disk.started()).toBe(1);
    await disk.finish();
    await expect(next).resolves.toBeUndefined();
    await wal.close();
  });
});
