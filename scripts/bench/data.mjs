// Bench inputs: sonar-importer sample sets of any size, made by the project's own streaming
// generator into bench-data/ (git-ignored) and kept between runs — generating 1,000,000 accounts
// takes minutes and is not what the bench measures. A set is regenerated when the generator changes.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fingerprint of the generator's code, so a cached set made by an older generator is not reused. */
function generatorHash(repoRoot) {
  const hash = createHash('sha256');
  const dir = join(repoRoot, 'scripts', 'samples');
  const files = [join(repoRoot, 'scripts', 'generate-samples.mjs')].concat(
    readdirSync(dir)
      .filter((f) => f.endsWith('.mjs'))
      .sort()
      .map((f) => join(dir, f)),
  );
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** Parses the generator's "DIR: accounts 20000, contacts 9914, …" line into rows per input. */
function parseCounts(stdout) {
  const line = stdout.split('\n').find((l) => l.includes(': accounts '));
  if (!line) throw new Error(`the generator printed no counts: ${stdout}`);
  const counts = {};
  for (const part of line.slice(line.lastIndexOf(': ') + 2).split(', ')) {
    const [input, rows] = part.split(' ');
    counts[input] = Number(rows);
  }
  return counts;
}

function run(command, args, options) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolveRun(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
    );
  });
}

/**
 * The sonar-importer set of `accounts` accounts under bench-data/: its folder and its rows per
 * input. Generates it (streaming, O(1) memory) when missing or made by another generator version.
 */
export async function ensureSampleSet(repoRoot, accounts, log) {
  const base = join(repoRoot, 'bench-data', `accounts-${accounts}`);
  const dir = join(base, 'sonar-importer');
  const marker = join(base, 'complete.json');
  const version = generatorHash(repoRoot);
  if (existsSync(marker)) {
    const done = JSON.parse(readFileSync(marker, 'utf8'));
    if (done.accounts === accounts && done.generator === version) return { dir, counts: done.counts };
  }
  rmSync(base, { recursive: true, force: true });
  log(`generating ${accounts.toLocaleString('en-US')} accounts into ${base} (once; kept for later runs)…`);
  const started = Date.now();
  const stdout = await run(
    process.execPath,
    [
      'scripts/generate-samples.mjs',
      '--accounts',
      String(accounts),
      '--out',
      base,
      '--only',
      'sonar-importer',
    ],
    { cwd: repoRoot },
  );
  const counts = parseCounts(stdout);
  writeFileSync(marker, JSON.stringify({ accounts, generator: version, counts }, null, 2));
  log(`generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { dir, counts };
}

/**
 * Writes a migration file in `runDir` that reads `inputs` of the set in `setDir` (absolute paths,
 * so every run has its own state file and reports beside the config and the set stays untouched).
 */
export function writeRunConfig(runDir, setDir, inputs, concurrency = 8) {
  const config = {
    profile: 'sonar-importer',
    inputs: Object.fromEntries(inputs.map((input) => [input, join(setDir, `${input}.csv`)])),
    state: 'state.db',
    reports: 'reports',
    concurrency,
  };
  const path = join(runDir, 'migration.json');
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}
