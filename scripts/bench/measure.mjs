// Runs scripts/bench/child.mjs in a fresh process and reads back what it measured.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHILD = new URL('./child.mjs', import.meta.url).pathname;

/** Node options every measured child starts with (`--cpu-prof` and its folder, when profiling). */
let childNodeArgs = [];

/** Makes every measured child write a CPU profile (.cpuprofile) into `dir`. */
export function profileChildrenInto(dir) {
  childNodeArgs = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/**
 * Measures one thing in its own child process (so its peak RSS is its own): `args` are the
 * child's (`csv-parse FILE…` or `cli DIST ARGV…`). Resolves to { ms, rows?, code?, maxRssMb }.
 * `prefix`, when given, is a command the child runs under (e.g. `taskset -c 1`).
 */
export function measureInChild(args, { cwd, env, prefix = [] } = {}) {
  const resultDir = mkdtempSync(join(tmpdir(), 'sonar-migrate-bench-'));
  const resultFile = join(resultDir, 'result.json');
  return new Promise((resolveRun, reject) => {
    const command = [...prefix, process.execPath, ...childNodeArgs, CHILD, resultFile, ...args];
    const child = spawn(command[0], command.slice(1), {
      cwd,
      env: env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`bench child ${args.slice(0, 3).join(' ')} exited ${code}`);
        resolveRun(JSON.parse(readFileSync(resultFile, 'utf8')));
      } catch (error) {
        reject(error);
      } finally {
        rmSync(resultDir, { recursive: true, force: true });
      }
    });
  });
}
