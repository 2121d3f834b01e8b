import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/io.js';
import { repoRoot } from '../loaders/harness.js';

/**
 * Several processes find the same stale lock at the same instant and all try to take it over.
 * Each child takes commands on stdin: `try <state>` spins until `<state>.go` exists, calls
 * acquireLock and answers `won` or `lost <code>`; `release` lets go. The winner holds its lock
 * until every child has answered, so a second winner cannot be a later, legitimate one.
 */
const lockModule = process.env.LOCK_MODULE ?? join(repoRoot, 'dist', 'journal', 'lock.js');
const childScript = `
const { existsSync } = require('node:fs');
const readline = require('node:readline');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
import(process.argv[1]).then(({ acquireLock }) => {
  let release;
  const rl = readline.createInterface({ input: process.stdin });
  process.stdout.write('ready\\n');
  rl.on('line', (line) => {
    const [cmd, state] = line.split(' ');
    if (cmd === 'release') { release?.(); release = undefined; process.stdout.write('released\\n'); return; }
    process.stdout.write('spinning\\n');
    while (!existsSync(state + '.go')) sleep(0.2);
    try { release = acquireLock(state); process.stdout.write('won\\n'); }
    catch (err) { process.stdout.write('lost ' + (err.code ?? err.message) + '\\n'); }
  });
});
`;

interface Taker {
  child: ChildProcess;
  lines: Interface;
  next(): Promise<string>;
}

function startTaker(): Taker {
  const child = spawn(process.execPath, ['-e', childScript, pathToFileURL(lockModule).href], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  return {
    child,
    lines,
    next: () => {
      const line = queue.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

const takers: Taker[] = [];
afterAll(() => {
  for (const t of takers) t.child.kill();
});

describe('the journal lock under a stampede', () => {
  it('is won by exactly one of several processes taking over the same stale lock, every time', async () => {
    for (let i = 0; i < 4; i += 1) takers.push(startTaker());
    for (const t of takers) expect(await t.next()).toBe('ready');
    const dir = makeTempDir('sonar-migrate-lock-race-');
    const dead = deadPid();
    const outcomes: string[] = [];
    for (let trial = 0; trial < 40; trial += 1) {
      const state = join(dir, `state-${trial}.db`);
      writeFileSync(
        `${state}.lock`,
        `${JSON.stringify({ pid: dead, host: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'load' })}\n`,
      );
      for (const t of takers) t.child.stdin?.write(`try ${state}\n`);
      for (const t of takers) expect(await t.next()).toBe('spinning');
      writeFileSync(`${state}.go`, '');
      const answers = await Promise.all(takers.map((t) => t.next()));
      outcomes.push(answers.filter((a) => a === 'won').length === 1 ? 'one' : answers.join(','));
      expect(answers.filter((a) => a !== 'won')).toEqual(
        Array.from({ length: takers.length - 1 }, () => 'lost JOURNAL_LOCKED'),
      );
      for (const t of takers) t.child.stdin?.write('release\n');
      for (const t of takers) expect(await t.next()).toBe('released');
    }
    expect(outcomes).toEqual(Array.from({ length: 40 }, () => 'one'));
  });
});
