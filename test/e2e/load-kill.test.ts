import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { mulberry32 } from '../../src/simulator/faults.js';
import { openStateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { copySmallSample, simEnv } from '../cli/load-helpers.js';
import { exactlyOnceProblems, repoRoot, startTestSimulator, writeCount } from '../loaders/harness.js';

const bin = join(repoRoot, 'bin', 'sonar-migrate.js');
const accounts = ['10048', '10072', '10078', '10079', '10080', '10152', '10011', '10065'];

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

/** Resolves when the simulator has seen `writes` writes, or the child has exited. */
async function untilWrites(
  sim: Parameters<typeof writeCount>[0],
  writes: number,
  child: ChildProcess,
): Promise<void> {
  while (writeCount(sim) < writes && child.exitCode === null && child.signalCode === null) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the real bin killed with SIGKILL', () => {
  it('ends with every record in Sonar exactly once after being killed at random moments and resumed', async () => {
    if (!existsSync(join(repoRoot, 'dist', 'cli', 'commands', 'load.js'))) {
      throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
    }
    // A little latency so the kills land mid-load; the seed makes the moments reproducible.
    const sim = await startTestSimulator({ latency: { fixedMs: 3, jitterMs: 3 } });
    const random = mulberry32(7);
    const dir = copySmallSample(accounts);
    const env = simEnv(sim);
    try {
      let kills = 0;
      for (let i = 0; i < 3; i += 1) {
        const child = spawnLoad(dir, env);
        const target = writeCount(sim) + 3 + Math.floor(random() * 12);
        await untilWrites(sim, target, child);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          kills += 1;
        }
        await exited(child);
      }
      // A kill lands only if the load is still running at its (seeded) moment, which depends on
      // scheduling: at least one of the three must have, or nothing was resumed.
      expect(kills).toBeGreaterThanOrEqual(1);
      expect(kills).toBeLessThanOrEqual(3);
      const last = spawnLoad(dir, env);
      let stderr = '';
      last.stderr?.on('data', (chunk) => {
        stderr += String(chunk);
      });
      expect(await exited(last), stderr).toBe(0);
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
        expect(sample.journal.runs().filter((r) => r.finishedAt === null).length).toBe(kills);
      } finally {
        db.close();
      }
    } finally {
      await sim.close();
    }
  }, 90_000);
});
