import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { EnvironmentError, environmentErrorOf } from '../errors/index.js';

/**
 * The file operations reports are written with: node:fs, here so a test can make a write fail
 * (ENOSPC, a short write) without filling a real disk.
 */
export const reportFs = { openSync, writeSync, fsyncSync, closeSync, renameSync, unlinkSync };

/** Reports hold customers' names, emails and addresses: only their owner may read them. */
export const privateFileMode = 0o600;
/** Folders the tool creates for reports or state. */
export const privateDirMode = 0o700;

/**
 * Makes the reports folder (0700 when created) and proves it can be written, by creating and
 * removing a file in it: `load` calls this before its first request, so a missing or read-only
 * folder stops the run at start instead of after the whole load.
 */
export function ensureReportsDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: privateDirMode });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    const probe = new ReportFile(`${dir}/.write-check`);
    probe.write('ok\n');
    probe.abort();
  } catch (err) {
    throw asReportsError(err, dir);
  }
}

/**
 * A report written to a temporary file beside its final name — fully (a short write is written on,
 * never ignored), synced, then renamed over the old one — so a reader sees the previous report or
 * the whole new one, never part of one; a failure (a full disk) removes the temporary file and
 * leaves the previous report as it was. Created 0600.
 */
export class ReportFile {
  private readonly fd: number;
  private readonly tmp: string;
  private done = false;

  constructor(private readonly path: string) {
    this.tmp = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(path), { recursive: true, mode: privateDirMode });
      this.fd = reportFs.openSync(this.tmp, 'w', privateFileMode);
      // An old temporary file of the same name keeps its mode on open: make sure.
      chmodSync(this.tmp, privateFileMode);
    } catch (err) {
      throw asReportsError(err, path);
    }
  }

  /** Appends text (UTF-8) or bytes; throws an EnvironmentError and removes the file on failure. */
  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const written = reportFs.writeSync(this.fd, bytes, offset, bytes.length - offset);
        // A write that makes no progress would loop for ever: the disk is full in all but name.
        if (written <= 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
        offset += written;
      }
    } catch (err) {
      this.abort();
      throw asReportsError(err, this.path);
    }
  }

  /** Syncs the file and renames it into place. */
  commit(): void {
    try {
      reportFs.fsyncSync(this.fd);
      reportFs.closeSync(this.fd);
      this.done = true;
      reportFs.renameSync(this.tmp, this.path);
    } catch (err) {
      this.abort();
      throw asReportsError(err, this.path);
    }
  }

  /** Drops the temporary file; the previous report stays. Harmless after commit. */
  abort(): void {
    if (!this.done) {
      this.done = true;
      try {
        reportFs.closeSync(this.fd);
      } catch {
        // Already closed by a failed commit.
      }
    }
    try {
      reportFs.unlinkSync(this.tmp);
    } catch {
      // Renamed already, or never created.
    }
  }
}

/** Writes a whole report atomically (see ReportFile). */
export function writeReportFile(path: string, text: string): void {
  const file = new ReportFile(path);
  file.write(text);
  file.commit();
}

function asReportsError(err: unknown, path: string): unknown {
  if (err instanceof EnvironmentError) return err;
  return environmentErrorOf(err, 'reports', path) ?? err;
}
