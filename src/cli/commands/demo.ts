import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../errors/index.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import type { CliCommand, RunCommand } from '../command.js';
import type { CliIo, ExitCode } from '../io.js';
import { type DemoStepRow, formatDemoSummary, readDemoSummary } from './demo-summary.js';

/** Options of `sonar-migrate demo` as commander hands them over. */
interface DemoFlags {
  dir: string;
  sets?: string;
}

/** What one sample set's run produced, for the closing summary. */
interface SetOutcome {
  set: string;
  /** Exit code of each command run, in order (a command not run is absent). */
  codes: Array<{ command: string; code: ExitCode }>;
  rows?: DemoStepRow[];
  reportsDir: string;
  requests: number;
  writes: number;
}

/**
 * The samples shipped in the clone. From src/cli/commands (tests) and from dist/cli/commands (the
 * built CLI) alike it is three folders up, so one URL serves both.
 */
const SAMPLES_ROOT = fileURLToPath(new URL('../../../samples/', import.meta.url));

/** Marks a folder as the demo's own, so `demo` never empties a folder it did not create. */
const MARKER = '.sonar-migrate-demo';

const STEPS = [['validate'], ['plan'], ['load', '--yes'], ['report']] as const;

/** `sonar-migrate demo`: the whole migration on the samples, against the embedded simulator. */
export const command: CliCommand = {
  name: 'demo',
  register(program, io, done, run) {
    program
      .command('demo')
      .description(
        'Run validate → plan → load → report on the bundled samples against the embedded simulator',
      )
      .option('--dir <dir>', 'work folder for the copies, journals and reports (emptied first)', '.demo')
      .option(
        '--sets <names>',
        'sample sets to run, comma-separated (default: sonar-importer, and legacy-billing once its mapping file exists)',
      )
      .action(async (flags: DemoFlags) => {
        done(await runDemo(flags, io, run));
      });
  },
};

/** Runs the demo; resolves to 0 when every command of every set exited 0. */
export async function runDemo(flags: DemoFlags, io: CliIo, run: RunCommand): Promise<ExitCode> {
  const sets = chooseSets(flags.sets);
  const workRoot = prepareWorkRoot(resolve(io.cwd, flags.dir));
  io.stdout.write(
    `sonar-migrate demo: copies the sample exports (${sets.join(', ')}) into ${relative(io.cwd, workRoot) || workRoot}, ` +
      'starts the embedded Sonar simulator, and runs validate → plan → load → report against it.\n',
  );
  const outcomes: SetOutcome[] = [];
  for (const set of sets) {
    const outcome = await runSet(set, workRoot, io, run);
    outcomes.push(outcome);
    if (outcome.codes.some((c) => c.code === 130)) break;
  }
  io.stdout.write('\n=== Demo summary ===\n');
  for (const outcome of outcomes) writeOutcome(outcome, io);
  return demoExitCode(outcomes, io);
}

/** The sets to run: named ones (each must exist), or the default. */
function chooseSets(names: string | undefined): string[] {
  if (names === undefined) {
    // The legacy layout needs its mapping file, written by another task: run it once it exists.
    const legacy = existsSync(join(SAMPLES_ROOT, 'legacy-billing', 'mapping.yaml'));
    return legacy ? ['sonar-importer', 'legacy-billing'] : ['sonar-importer'];
  }
  const sets = names
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const set of sets) {
    if (!existsSync(join(SAMPLES_ROOT, set, 'migration.json'))) {
      const known = readdirSync(SAMPLES_ROOT).filter((d) =>
        existsSync(join(SAMPLES_ROOT, d, 'migration.json')),
      );
      throw new ConfigError(
        'CONFIG_USAGE',
        `--sets ${names}: "${set}" is not a sample set in ${SAMPLES_ROOT} — use one of ${known.join(', ')}.`,
      );
    }
  }
  if (sets.length === 0) throw new ConfigError('CONFIG_USAGE', '--sets is empty: name at least one set.');
  return sets;
}

/** Creates (or empties) the work folder; refuses a non-empty folder the demo did not make. */
function prepareWorkRoot(dir: string): string {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(join(dir, MARKER))) {
    throw new ConfigError(
      'CONFIG_USAGE',
      `--dir ${dir}: the folder exists and was not made by the demo, which empties its folder — pick another --dir.`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), 'Made by `sonar-migrate demo`; emptied on each run.\n');
  return dir;
}

/** Copies one sample set, starts a fresh simulator for it, and runs the four commands. */
async function runSet(set: string, workRoot: string, io: CliIo, run: RunCommand): Promise<SetOutcome> {
  const dir = join(workRoot, set);
  // The copy gets its own journal and reports; leftovers of a sample folder are not copied.
  cpSync(join(SAMPLES_ROOT, set), dir, {
    recursive: true,
    filter: (src) => !/\.db(-journal|-wal|-shm)?$|\.lock$/.test(src) && basename(src) !== 'reports',
  });
  const config = join(dir, 'migration.json');
  const shown = relative(io.cwd, config) || config;
  // A random password: the demo's credentials exist only for this in-process run.
  const password = randomBytes(12).toString('base64url');
  const sim = await startSimulator({ port: 0, username: 'demo', password });
  const outcome: SetOutcome = { set, codes: [], reportsDir: join(dir, 'reports'), requests: 0, writes: 0 };
  try {
    io.stdout.write(`\n=== ${set}: simulator on ${sim.url} (a local test server, not Sonar) ===\n`);
    const subIo: CliIo = {
      ...io,
      env: { ...io.env, SONAR_URL: sim.url, SONAR_USERNAME: 'demo', SONAR_PASSWORD: password },
    };
    for (const [index, step] of STEPS.entries()) {
      const argv = [...step, '--config', config];
      io.stdout.write(
        `\n--- ${index + 1}/${STEPS.length} sonar-migrate ${[...step, '--config', shown].join(' ')}\n`,
      );
      const started = Date.now();
      const code = await run(argv, subIo);
      outcome.codes.push({ command: step[0], code });
      io.stdout.write(
        `--- ${step[0]} exited ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      // A bad configuration or an interrupt leaves nothing for the next command to do.
      if (code === 2 || code === 130) break;
    }
    outcome.rows = await readStatus(config, subIo, run);
    countRequests(sim, outcome);
  } finally {
    await sim.close();
  }
  return outcome;
}

/** Runs `status --json` quietly and reads its counts. */
async function readStatus(config: string, io: CliIo, run: RunCommand): Promise<DemoStepRow[] | undefined> {
  let out = '';
  const code = await run(['status', '--config', config, '--json'], {
    ...io,
    stdout: { write: (s: string) => (out += s), isTTY: false },
  });
  return code === 0 ? readDemoSummary(out) : undefined;
}

function countRequests(sim: RunningSimulator, outcome: SetOutcome): void {
  for (const [key, n] of Object.entries(sim.requestCounts())) {
    outcome.requests += n;
    if (!key.startsWith('GET ')) outcome.writes += n;
  }
}

function writeOutcome(outcome: SetOutcome, io: CliIo): void {
  const codes = outcome.codes.map((c) => `${c.command} ${c.code}`).join(', ');
  io.stdout.write(`\n${outcome.set} (exit codes: ${codes})\n`);
  if (outcome.rows) io.stdout.write(formatDemoSummary(outcome.rows));
  else io.stdout.write('(no counts: `status --json` did not answer with them)\n');
  io.stdout.write(
    `Requests to the simulator: ${outcome.requests.toLocaleString('en-US')} (${outcome.writes.toLocaleString('en-US')} writes).\n`,
  );
  const reports = relative(io.cwd, outcome.reportsDir) || outcome.reportsDir;
  if (existsSync(outcome.reportsDir)) {
    const files = readdirSync(outcome.reportsDir).sort();
    io.stdout.write(`Reports in ${reports}: ${files.join(', ')}\n`);
    if (files.includes('summary.html'))
      io.stdout.write(`Open ${join(reports, 'summary.html')} in a browser.\n`);
  } else io.stdout.write(`No reports were written (${reports} does not exist).\n`);
}

function demoExitCode(outcomes: readonly SetOutcome[], io: CliIo): ExitCode {
  const failed = outcomes.flatMap((o) =>
    o.codes.filter((c) => c.code !== 0).map((c) => `${o.set}: ${c.command} exited ${c.code}`),
  );
  if (outcomes.some((o) => o.codes.some((c) => c.code === 130))) {
    io.stdout.write('\nDemo interrupted. The simulator is stopped.\n');
    return 130;
  }
  const incomplete = outcomes.filter((o) => o.codes.length < STEPS.length || !o.rows);
  if (failed.length > 0 || incomplete.length > 0) {
    io.stdout.write(
      `\nThe demo did not run cleanly (${failed.join('; ') || 'a step did not run'}): read that command's output above. The simulator is stopped.\n`,
    );
    return 1;
  }
  io.stdout.write('\nDemo finished: every command exited 0. The simulator is stopped.\n');
  return 0;
}
