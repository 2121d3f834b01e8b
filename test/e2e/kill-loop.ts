import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { mulberry32 } from '../../src/simulator/faults.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { simEnv } from '../cli/load-helpers.js';
import { repoRoot, writeCount } from '../loaders/harness.js';

// The delta e2e tests' kill loop: `load` as a child process, SIGKILLed at seeded moments (a number
// of writes into the run), then run to its end.

const bin = join(repoRoot, 'bin', 'sonar-migrate.js');

/** `sonar-migrate load --config migration.json --yes <extra>` as a child process in `dir`. */
export function spawnLoad(dir: string, env: NodeJS.ProcessEnv, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [bin, 'load', '--config', 'migration.json', '--yes', ...extra], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** Resolves to the child's exit code once it has exited (null when a signal ended it). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/**
 * Runs `load` `kills` times, each SIGKILLed once the simulator saw `min` to `min + spread - 1`
 * more writes (seeded), then once to its end. Resolves to how many kills landed (a load may end
 * before its moment) and the last run's exit code and stderr.
 */
export async function loadUnderKills(
  sim: RunningSimulator,
  dir: string,
  options: { seed: number; kills: number; min: number; spread: number; extra?: string[] },
): Promise<{ kills: number; code: number | null; stderr: string }> {
  const env = simEnv(sim);
  const random = mulberry32(options.seed);
  let kills = 0;
  for (let i = 0; i < options.kills; i += 1) {
    const child = spawnLoad(dir, env, options.extra);
    const target = writeCount(sim) + options.min + Math.floor(random() * options.spread);
    while (writeCount(sim) < target && child.exitCode === null && child.signalCode === null) {
      await new Promise((r) => setTimeout(r, 5));
    }
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      kills += 1;
    }
    await exited(child);
  }
  const last = spawnLoad(dir, env, options.extra);
  let stderr = '';
  last.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return { kills, code: await exited(last), stderr };
}
