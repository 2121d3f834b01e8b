import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { ConfigError, environmentErrorOf } from '../errors/index.js';

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
 * Takes the lock of the journal at `statePath` so that two runs never write the same journal.
 *
 * - The lock `<state>.lock` appears whole or not at all: the holder is written to a file of its
 *   own, synced, then hard-linked to the lock's name, which fails when the name exists. So exactly
 *   one of several starting processes wins, and a lock file is never seen empty by another taker
 *   (an empty or unreadable one, left by another tool, counts as held, never as stale).
 * - A lock left by a dead process on this host (a SIGKILL, a power cut) is taken over, but only
 *   by the holder of `<state>.lock.takeover` (created exclusively): it checks again that the lock
 *   is the same stale file (inode and content) before removing it, then links its own like any
 *   starter. Without that, two takers that both saw it stale could each remove the other's new
 *   lock and both run.
 * - A live holder, or one on another host (its pid cannot be checked from here), refuses the run.
 *
 * `proper-lockfile` was considered: it judges staleness by an mtime refreshed on a timer, so a
 * SIGKILLed load would block the next one for the stale period and a busy event loop could lose
 * its lock; a pid on this host tells at once. Created 0600 like the state file.
 */
export function acquireLock(statePath: string, command = 'load'): ReleaseLock {
  const lockPath = `${statePath}.lock`;
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  const text = `${JSON.stringify(me)}\n`;
  try {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      if (linkNew(lockPath, text)) return releaser(lockPath, text);
      const seen = readLock(lockPath);
      if (!seen) continue; // released between our link and our read: try again
      const holder = parseHolder(seen.text);
      if (!holder || !isStale(holder)) throw lockedError(statePath, lockPath, holder);
      // Another taker holds the guard for the few microseconds its takeover lasts: wait for it.
      if (!removeStale(lockPath, seen)) pause(5);
    }
  } catch (err) {
    throw environmentErrorOf(err, 'state', lockPath) ?? err;
  }
  throw lockedError(statePath, lockPath, parseHolder(readLock(lockPath)?.text ?? ''));
}

/** Who holds the lock of the journal at `statePath`, or null when it is free. */
export function lockHolder(statePath: string): LockHolder | null {
  const seen = readLock(`${statePath}.lock`);
  if (!seen) return null;
  return parseHolder(seen.text) ?? { pid: 0, host: '?', startedAt: '?', command: '?' };
}

/** Creates the lock whole (a private file of ours, linked to the lock's name); false when taken. */
function linkNew(lockPath: string, text: string): boolean {
  const mine = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const fd = openSync(mine, 'wx', 0o600);
  try {
    writeSync(fd, text);
    closeSync(fd);
    linkSync(mine, lockPath);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkQuietly(mine);
  }
}

/** Removes the lock if it is still the stale one seen; false when another taker got there first. */
function removeStale(lockPath: string, seen: { ino: number; text: string }): boolean {
  const guard = `${lockPath}.takeover`;
  if (!linkNew(guard, `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`)) {
    // Another process is taking over right now; if it died there, its guard is stale too.
    const holder = parseHolder(readLock(guard)?.text ?? '');
    if (holder && isStale(holder)) unlinkQuietly(guard);
    return false;
  }
  try {
    const now = readLock(lockPath);
    if (now && now.ino === seen.ino && now.text === seen.text) unlinkSync(lockPath);
    return true;
  } finally {
    unlinkQuietly(guard);
  }
}

function releaser(lockPath: string, text: string): ReleaseLock {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Only our own lock: a lock taken over after we were presumed dead is not ours to remove.
    if (readLock(lockPath)?.text === text) unlinkQuietly(lockPath);
  };
}

function readLock(path: string): { ino: number; text: string } | null {
  try {
    const { ino } = statSync(path);
    return { ino, text: readFileSync(path, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseHolder(text: string): LockHolder | null {
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
    // Empty or cut short: written by another tool, or being written; never presumed stale.
  }
  return null;
}

function isStale(holder: LockHolder): boolean {
  // A pid on another host cannot be checked from here: never presume it dead.
  if (holder.host !== hostname() || holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Blocks the thread for `ms` (no timer: acquireLock is synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function lockedError(statePath: string, lockPath: string, holder: LockHolder | null): ConfigError {
  const who = holder
    ? `"${holder.command}" (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt})`
    : 'a process that left no readable holder in the lock file';
  return new ConfigError(
    'JOURNAL_LOCKED',
    `${statePath}: the journal is in use by ${who} — wait for it to finish or stop it; if that process is gone for good, delete ${lockPath}.`,
  );
}
