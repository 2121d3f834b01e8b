import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MigrateError } from '../../src/errors/index.js';
import { acquireLock, lockHolder } from '../../src/journal/lock.js';
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

  it('counts an empty lock file (one being written) as held, never as stale', () => {
    const statePath = join(makeTempDir(), 'state.db');
    writeFileSync(`${statePath}.lock`, '');
    expect(() => acquireLock(statePath)).toThrow(/no readable holder/);
    expect(readFileSync(`${statePath}.lock`, 'utf8')).toBe('');
  });

  it('creates the lock whole and private (0600), leaving no file of its own beside it', () => {
    const dir = makeTempDir();
    const statePath = join(dir, 'state.db');
    const release = acquireLock(statePath, 'rollback');
    expect(statSync(`${statePath}.lock`).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(`${statePath}.lock`, 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'rollback',
    });
    expect(readdirSync(dir)).toEqual(['state.db.lock']);
    release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
