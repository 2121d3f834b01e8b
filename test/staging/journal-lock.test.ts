import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MigrateError } from '../../src/errors/index.js';
import { acquireLock, lockHolder } from '../../src/staging/lock.js';
import { makeTempDir } from '../helpers/io.js';

function deadPid(): number {
  // A process that has exited: its pid is (for the test's short life) not running.
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('acquireLock', () => {
  it('refuses a second run on the same journal, naming the holder', () => {
    const statePath = join(makeTempDir(), 'state.db');
    const release = acquireLock(statePath);
    let caught: unknown;
    try {
      acquireLock(statePath);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MigrateError);
    expect(caught).toMatchObject({ code: 'JOURNAL_LOCKED', exitCode: 2 });
    expect((caught as Error).message).toContain(`pid ${process.pid} on ${hostname()}`);
    release();
    expect(existsSync(`${statePath}.lock`)).toBe(false);
  });

  it('can be taken again once released', () => {
    const statePath = join(makeTempDir(), 'state.db');
    acquireLock(statePath)();
    const release = acquireLock(statePath);
    expect(lockHolder(statePath)).toMatchObject({ pid: process.pid, command: 'load' });
    release();
  });

  it('takes over a stale lock left by a dead process on this host', () => {
    const statePath = join(makeTempDir(), 'state.db');
    const pid = deadPid();
    writeFileSync(
      `${statePath}.lock`,
      JSON.stringify({ pid, host: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'load' }),
    );
    const release = acquireLock(statePath);
    expect(lockHolder(statePath)?.pid).toBe(process.pid);
    release();
  });

  it('never takes over a lock held on another host', () => {
    const statePath = join(makeTempDir(), 'state.db');
    writeFileSync(
      `${statePath}.lock`,
      JSON.stringify({ pid: 1, host: 'other-host.example', startedAt: 'x', command: 'load' }),
    );
    expect(() => acquireLock(statePath)).toThrow(/other-host\.example/);
  });
});
