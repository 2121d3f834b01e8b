import { MigrateError } from './classes.js';
import type { ErrorCode } from './codes.js';

/**
 * The machine, not the data or the configuration file, stops the run: a read-only filesystem, a
 * state file this user may not write, a full disk, a reports folder that cannot be written. Exit 2:
 * fix what the message names, then run the same command again (a load resumes).
 */
export class EnvironmentError extends MigrateError {
  readonly exitCode = 2 as const;
}

/** What was being written when the failure came: decides the code of a permission error. */
export type WriteTarget = 'state' | 'reports';

const diskFull = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const denied = new Set(['EACCES', 'EPERM', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM']);
const badFolder = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST']);

/** The error code (errno or SQLite) of a low-level failure or of any error in its cause chain. */
export function lowLevelCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * The environment error a low-level failure stands for, or undefined when it is something else
 * (then it is a bug and stays one). `path` is the file or folder being written, for the message.
 */
export function environmentErrorOf(
  err: unknown,
  target: WriteTarget,
  path: string,
): EnvironmentError | undefined {
  if (err instanceof MigrateError) return undefined;
  const codes = lowLevelCodes(err);
  // SQLite's extended codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE…) count as their family.
  const has = (set: Set<string>) =>
    codes.some((c) => set.has(c) || set.has(c.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')));
  const make = (code: ErrorCode, what: string) =>
    new EnvironmentError(code, `${path}: ${what}`, { cause: err });
  if (codes.includes('EROFS'))
    return make(
      'ENV_READ_ONLY_FS',
      'the filesystem is mounted read-only — remount it read-write, or point "state" and "reports" at a writable folder.',
    );
  if (has(diskFull))
    return make(
      'ENV_DISK_FULL',
      'the disk is full — free space on it, then run the same command again (a load resumes where it stopped).',
    );
  if (target === 'reports' && (has(denied) || has(badFolder)))
    return make(
      'ENV_REPORTS_UNWRITABLE',
      `the reports folder cannot be written (${codes[0]}) — create it or fix the "reports" path and its permissions.`,
    );
  if (target === 'state' && has(denied))
    return make(
      'ENV_STATE_READ_ONLY',
      `this user may not write the state file or its folder (${codes[0]}) — run as its owner or give write permission on the file, its -wal/-shm files and the folder.`,
    );
  return undefined;
}
