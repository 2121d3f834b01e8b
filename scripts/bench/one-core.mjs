// `--one-core` of load-memory: the load confined to one core and the simulator to another, with
// taskset (util-linux). The loader's CPU per request then counts every thread of the loader on the
// core it has (V8's GC and compiler helpers, the thread pool's fdatasync), the scheduler no longer
// moves it between cores as the simulator's work comes and goes, and the sending phase's requests
// per second are what one core drives: the rate the 0.3 ms target stands for.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const LOADER_CORE = 1;
const SIMULATOR_CORE = 0;

/** Why this machine cannot run `--one-core` (fewer than 2 cores, no taskset), or undefined. */
export function oneCoreProblem() {
  const cores = availableParallelism();
  if (cores < 2) return `it needs 2 cores or more; this machine has ${cores}`;
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'it needs taskset (util-linux, e.g. `apt-get install util-linux`) to pin processes to cores';
  }
  return undefined;
}

/**
 * Pins this process (the simulator's) to one core and returns what a measured child needs to run
 * on another, with a `release` that gives this process every core back. Throws when the machine
 * cannot (`oneCoreProblem`, which the bench's options check first).
 */
export function pinOneCore() {
  const problem = oneCoreProblem();
  if (problem) throw new Error(`--one-core: ${problem}`);
  // Counted before pinning: the count follows this process's affinity.
  const cores = availableParallelism();
  // -a: every thread of this process (the simulator's GC helpers too), not just the main one.
  execFileSync('taskset', ['-a', '-p', '-c', String(SIMULATOR_CORE), String(process.pid)], {
    stdio: 'ignore',
  });
  return {
    childPrefix: ['taskset', '-c', String(LOADER_CORE)],
    release: () =>
      execFileSync('taskset', ['-a', '-p', '-c', `0-${cores - 1}`, String(process.pid)], {
        stdio: 'ignore',
      }),
  };
}
