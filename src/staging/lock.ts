import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { ConfigError } from '../errors/index.js';

/** Who holds a journal's lock, as written in `<state file>.lock`. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** Releases a lock taken by acquireLock; calling it twice is harmless. */
export type ReleaseLock = () => void;

/**
 * Takes the lock of the journal at `statePath` (a `.lock` file beside it, created exclusively) so
 * that two runs never write the same journal. A lock left by a dead process on this host (a
 * SIGKILL, a power cut) is taken over; a live holder, or one on another host, refuses the run.
 */
export function acquireLock(statePath: string, command = 'load'): ReleaseLock {
  const lockPath = `${statePath}.lock`;
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  // Two tries: the second after removing a stale lock (another stale-taker may win the race).
  for (let attempt = 0; attempt < 2; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(lockPath);
      if (holder && !isStale(holder)) throw lockedError(statePath, lockPath, holder);
      removeQuietly(lockPath);
      continue;
    }
    writeSync(fd, `${JSON.stringify(me)}\n`);
    closeSync(fd);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Only our own lock: a lock taken over after we were presumed dead is not ours to remove.
      const holder = readHolder(lockPath);
      if (holder && holder.pid === me.pid && holder.host === me.host && holder.startedAt === me.startedAt)
        removeQuietly(lockPath);
    };
  }
  const holder = readHolder(lockPath);
  throw lockedError(statePath, lockPath, holder ?? { pid: 0, host: '?', startedAt: '?', command: '?' });
}

/** Who holds the lock of the journal at `statePath`, or null when it is free. */
export function lockHolder(statePath: string): LockHolder | null {
  return readHolder(`${statePath}.lock`);
}

function readHolder(lockPath: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return {
        pid: parsed.pid,
        host: parsed.host,
        startedAt: String(parsed.startedAt ?? '?'),
        command: String(parsed.command ?? '?'),
      };
    }
  } catch {
    // A lock file cut short by a crash between open and write: its holder died mid-start.
  }
  return { pid: 0, host: hostname(), startedAt: '?', command: '?' };
}

function isStale(holder: LockHolder): boolean {
  // A pid on another host cannot be checked from here: never presume it dead.
  if (holder.host !== hostname()) return false;
  if (holder.pid <= 0) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: someone else released or took it over.
  }
}

function lockedError(statePath: string, lockPath: string, holder: LockHolder): ConfigError {
  return new ConfigError(
    'JOURNAL_LOCKED',
    `${statePath}: the journal is in use by "${holder.command}" (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}) — wait for it to finish or stop it; if that process is gone for good, delete ${lockPath}.`,
  );
}
