import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { copySmallSample, simEnv } from '../cli/load-helpers.js';
import { exactlyOnceProblems, repoRoot, startTestSimulator, writeCount } from '../loaders/harness.js';

const bin = join(repoRoot, 'bin', 'sonar-migrate.js');
const accounts = ['10048', '10072', '10078', '10079', '10080', '10152'];

function spawnLoad(dir: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [bin, 'load', '--config', 'migration.json', '--yes'], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('the real bin killed while Sonar is slow to finish writes, then resumed at once', () => {
  it('waits out the quiet period before looking, and ends with every record in Sonar exactly once', async () => {
    if (!existsSync(join(repoRoot, 'dist', 'cli', 'commands', 'load.js'))) {
      throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
    }
    const sim = await startTestSimulator();
    // Every write takes Sonar 1.5 s to finish; lookups answer at once. Killed mid-write, the
    // writes in flight land after the process is gone: a lookup straight away would miss them.
    sim.faults.delayNext({ method: 'POST', pattern: '*', ms: 1_500, count: 10_000 });
    sim.faults.delayNext({ method: 'PATCH', pattern: '*', ms: 1_500, count: 10_000 });
    const dir = copySmallSample(accounts);
    const configPath = join(dir, 'migration.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(configPath, JSON.stringify({ ...config, quietPeriodSeconds: 3 }));
    const env = simEnv(sim);
    try {
      const first = spawnLoad(dir, env);
      while (writeCount(sim) < 20 && first.exitCode === null) await new Promise((r) => setTimeout(r, 10));
      first.kill('SIGKILL');
      await exited(first);
      const resumed = spawnLoad(dir, env);
      let stderr = '';
      resumed.stderr?.on('data', (chunk) => {
        stderr += String(chunk);
      });
      expect(await exited(resumed), stderr).toBe(0);
      expect(stderr).toMatch(
        /Waiting \d+:\d\d before looking up \d+ record\(s\) the last run left in flight/,
      );
      const db = openStateDb(join(dir, 'state.db'));
      try {
        const sample = {
          dir,
          config: {} as never,
          db,
          staged: new StagedRecords(db),
          journal: new Journal(db),
        };
        expect(exactlyOnceProblems(sample, sim)).toEqual([]);
      } finally {
        db.close();
      }
    } finally {
      await sim.close();
    }
  }, 240_000);
});
