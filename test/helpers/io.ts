import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';

/** The day tests run "on": before every next bill date of the samples and fixtures. */
export const testToday = '2026-12-01';

/** A CliIo that records what a command prints, on testToday. */
export function captureIo(overrides: Partial<CliIo> = {}): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env: {},
    cwd: process.cwd(),
    // A fixed day, so next bill dates in fixtures and samples never drift into the past.
    today: () => testToday,
    ...overrides,
    out: () => out,
    err: () => err,
  };
}

/** A fresh temporary directory for one test. */
export function makeTempDir(prefix = 'sonar-migrate-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
