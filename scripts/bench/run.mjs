#!/usr/bin/env node
// `npm run bench`: measures offline validation and loading with the built CLI (dist/), prints a
// table and writes bench.json (git-ignored). Never part of `npm test`: timings do not pass or fail.
//
//   npm run bench [-- --quick] [--only validation|load|load-memory|verify-memory] [--inputs accounts,contacts,services]
//                 [--load-accounts N] [--concurrency 10,32] [--repeat N] [--cpu-prof DIR]
//                 [--dist DIR] [--out FILE]
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchLoad } from './load.mjs';
import { benchLoadMemory, formatLoadMemory } from './load-memory.mjs';
import { profileChildrenInto } from './measure.mjs';
import { oneCoreProblem } from './one-core.mjs';
import { formatReport, judgeTargets } from './table.mjs';
import { benchValidation, memoryGrowth, VALIDATION_INPUTS } from './validation.mjs';
import { benchVerifyMemory, formatVerifyMemory } from './verify-memory.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const usage = `usage: npm run bench -- [--quick] [--only validation|load|load-memory|verify-memory] [--inputs a,b,c]
                      [--load-accounts N] [--memory-accounts 10000,100000] [--one-core] [--concurrency 10,32] [--repeat N]
                      [--cpu-prof DIR] [--dist DIR] [--out FILE]
  --quick          10,000 and 100,000 accounts and a 200-account load (default: 100,000 and 1,000,000; 1,000)
  --only           run one benchmark; load-memory (never run by default) is the load's peak RSS
                   and CPU per request at scale, concurrency 32, a simulator without latency;
                   verify-memory (never run by default) loads the same way, then measures the peak
                   RSS of \`verify\` against what was loaded
  --memory-accounts  account counts of load-memory and verify-memory (default 10,000, 100,000 and 1,000,000;
                   2,000 and 10,000 with --quick)
  --one-core       load-memory: the load confined to one core and the simulator to another (taskset),
                   so its requests / s are what one core drives, every thread of the loader counted
  --inputs         inputs validation reads (default ${VALIDATION_INPUTS.join(',')})
  --load-accounts  accounts the load bench migrates
  --concurrency    the load's concurrencies (default 10,32, the issue's)
  --repeat         loads per concurrency, the median reported (default 3; 1 with --quick); with
                   load-memory, loads per size (default 1), each with a plain-GET floor beside it
  --cpu-prof       write a CPU profile of every measured process into DIR (slows them: figures
                   taken with it are for finding where time goes, not for the README)
  --dist           the compiled CLI to measure (default dist/, built by npm ci / npm run build)
  --out            where to write the JSON results (default bench.json)`;

function log(line) {
  process.stderr.write(`bench: ${line}\n`);
}

/** Removes the run folders of benches no longer running (their `pid` file names a dead process). */
function removeAbandonedRuns(runsDir) {
  for (const name of readdirSync(runsDir)) {
    const dir = join(runsDir, name);
    let pid = Number.NaN;
    try {
      pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      // No pid file: a folder of an older bench, or one killed before it wrote it.
    }
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** The newest modification time of a tree, to tell a stale dist/ from a fresh one. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      inputs: { type: 'string', default: VALIDATION_INPUTS.join(',') },
      'load-accounts': { type: 'string' },
      'memory-accounts': { type: 'string' },
      'one-core': { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '10,32' },
      repeat: { type: 'string' },
      'cpu-prof': { type: 'string' },
      dist: { type: 'string', default: join(repoRoot, 'dist') },
      out: { type: 'string', default: join(repoRoot, 'bench.json') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.only && !['validation', 'load', 'load-memory', 'verify-memory'].includes(values.only)) {
    throw new Error(`--only ${values.only}: use validation, load, load-memory or verify-memory`);
  }
  const loadAccounts = Number(values['load-accounts'] ?? (values.quick ? 200 : 1000));
  if (!Number.isInteger(loadAccounts) || loadAccounts < 1) {
    throw new Error(`--load-accounts ${values['load-accounts']}: expected a whole number of 1 or more`);
  }
  const concurrencies = values.concurrency.split(',').map((s) => Number(s.trim()));
  if (concurrencies.some((c) => !Number.isInteger(c) || c < 1)) {
    throw new Error(`--concurrency ${values.concurrency}: expected whole numbers of 1 or more, e.g. 10,32`);
  }
  const repeat = Number(values.repeat ?? (values.quick ? 1 : 3));
  if (!Number.isInteger(repeat) || repeat < 1) {
    throw new Error(`--repeat ${values.repeat}: expected a whole number of 1 or more`);
  }
  const memoryAccounts = (values['memory-accounts'] ?? (values.quick ? '2000,10000' : '10000,100000,1000000'))
    .split(',')
    .map((s) => Number(s.trim()));
  if (memoryAccounts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(
      `--memory-accounts ${values['memory-accounts']}: expected whole numbers, e.g. 10000,100000`,
    );
  }
  if (values['one-core']) {
    if (values.only !== 'load-memory') throw new Error('--one-core: only with --only load-memory');
    const problem = oneCoreProblem();
    if (problem) throw new Error(`--one-core: ${problem}`);
  }
  return {
    memoryAccounts,
    oneCore: values['one-core'],
    repeat,
    repeatGiven: values.repeat !== undefined,
    cpuProf: values['cpu-prof'] === undefined ? undefined : resolve(values['cpu-prof']),
    help: values.help,
    quick: values.quick,
    only: values.only,
    inputs: values.inputs.split(',').map((s) => s.trim()),
    loadAccounts,
    concurrencies,
    dist: resolve(values.dist),
    out: resolve(values.out),
  };
}

async function main() {
  let opts;
  try {
    opts = options();
  } catch (error) {
    process.stderr.write(`${error.message}\n${usage}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (!existsSync(join(opts.dist, 'cli', 'main.js'))) {
    process.stderr.write(`${opts.dist}/cli/main.js does not exist: run \`npm run build\` first.\n`);
    return 2;
  }
  if (opts.dist === join(repoRoot, 'dist') && newestMtime(join(repoRoot, 'src')) > newestMtime(opts.dist)) {
    log('warning: src/ changed after dist/ was built — run `npm run build` to measure the current code.');
  }
  if (opts.cpuProf) {
    mkdirSync(opts.cpuProf, { recursive: true });
    profileChildrenInto(opts.cpuProf);
  }
  const sizes = opts.quick ? [10_000, 100_000] : [100_000, 1_000_000];
  // This run's own folder: a second bench started meanwhile must not delete the state file of a
  // load still running (an hour at a million accounts). Folders left by a killed bench go.
  const runsDir = join(repoRoot, 'bench-data', 'runs');
  mkdirSync(runsDir, { recursive: true });
  removeAbandonedRuns(runsDir);
  const workRoot = mkdtempSync(join(runsDir, 'run-'));
  writeFileSync(join(workRoot, 'pid'), String(process.pid));
  const started = Date.now();
  const common = { repoRoot, dist: opts.dist, workRoot, log };
  const atScale = {
    'load-memory': { bench: benchLoadMemory, format: formatLoadMemory, key: 'loadMemory' },
    'verify-memory': { bench: benchVerifyMemory, format: formatVerifyMemory, key: 'verifyMemory' },
  }[opts.only];
  if (atScale) {
    // Its own run: hours at a million accounts, so never part of the default bench.
    // One load per size unless --repeat says otherwise: a load of a million accounts takes most of an hour.
    const memory = await atScale.bench({
      ...common,
      sizes: opts.memoryAccounts,
      repeat: opts.repeatGiven ? opts.repeat : 1,
      oneCore: opts.oneCore,
    });
    rmSync(workRoot, { recursive: true, force: true });
    writeFileSync(
      opts.out,
      `${JSON.stringify({ generatedAt: new Date().toISOString(), [atScale.key]: memory }, null, 2)}\n`,
    );
    process.stdout.write(atScale.format(memory));
    process.stdout.write(`\nWrote ${opts.out}\n`);
    return 0;
  }
  const validation =
    opts.only === 'load' ? [] : await benchValidation({ ...common, sizes, inputs: opts.inputs });
  const load =
    opts.only === 'validation'
      ? []
      : await benchLoad({
          ...common,
          accounts: opts.loadAccounts,
          concurrencies: opts.concurrencies,
          repeat: opts.repeat,
        });
  rmSync(workRoot, { recursive: true, force: true });
  const result = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    durationS: (Date.now() - started) / 1000,
    validation,
    memory: memoryGrowth(validation),
    load,
  };
  result.targets = judgeTargets(result);
  writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(formatReport(result));
  process.stdout.write(`\nWrote ${opts.out}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
