import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../errors/index.js';
import type { FaultRates, LatencyOptions } from '../../simulator/faults.js';
import { parseReferenceData, type ReferenceData } from '../../simulator/reference.js';
import { startSimulator } from '../../simulator/server.js';
import { SimState } from '../../simulator/state.js';
import {
  defaultSonarVersion,
  describeSonarVersions,
  isSonarVersion,
  type SonarVersion,
  sonarVersions,
} from '../../simulator/versions.js';
import type { CliCommand } from '../command.js';
import type { CliIo } from '../io.js';

/** Options of `sonar-migrate sim` as commander hands them over (strings until checked). */
interface SimFlags {
  port: string;
  host: string;
  reference?: string;
  latency?: string;
  faultRate500?: string;
  faultRate429?: string;
  faultRateReset?: string;
  faultRateCommitThenFail?: string;
  seed?: string;
  sonarVersion: string;
}

/** `sonar-migrate sim`: runs the Sonar v1 simulator until Ctrl-C, for rehearsals and demos. */
export const command: CliCommand = {
  name: 'sim',
  register(program, io, done) {
    program
      .command('sim')
      .description('Run the Sonar v1 simulator (a local test server) until Ctrl-C')
      .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--reference <file>', 'JSON reference data replacing the seeded catalogue')
      .option('--latency <ms[,jitter]>', 'added latency per request, e.g. 50,20')
      .option('--fault-rate-500 <r>', 'share of requests answered 500 (0..1)')
      .option('--fault-rate-429 <r>', 'share of requests answered 429 with Retry-After (0..1)')
      .option('--fault-rate-reset <r>', 'share of connections reset before handling (0..1)')
      .option('--fault-rate-commit-then-fail <r>', 'share of requests committed then answered 500 (0..1)')
      .option('--seed <n>', 'seed of the random faults, for reproducible runs')
      .option(
        '--sonar-version <v>',
        `answer in this documented Sonar version: ${sonarVersions.join(', ')}`,
        defaultSonarVersion,
      )
      .addHelpText(
        'after',
        `\nSonar versions, oldest first (default ${defaultSonarVersion}): the doc line (sonar-v1-api.txt) each answer follows.\n${describeSonarVersions()
          .map((line) => `  ${line}`)
          .join('\n')}\nRequest rules are the same in every version: the strictest reading of the docs.\n`,
      )
      .action(async (flags: SimFlags) => {
        done(await runSim(flags, io));
      });
  },
};

async function runSim(flags: SimFlags, io: CliIo): Promise<0> {
  const port = integer('--port', flags.port, 0, 65_535);
  const sonarVersion = versionOf(flags.sonarVersion);
  const seed = flags.seed === undefined ? undefined : integer('--seed', flags.seed, 0, 2 ** 32 - 1);
  const rates: FaultRates = {
    error500: rate('--fault-rate-500', flags.faultRate500),
    error429: rate('--fault-rate-429', flags.faultRate429),
    reset: rate('--fault-rate-reset', flags.faultRateReset),
    commitThenFail: rate('--fault-rate-commit-then-fail', flags.faultRateCommitThenFail),
  };
  const latency = flags.latency === undefined ? undefined : parseLatency(flags.latency);
  const reference =
    flags.reference === undefined ? undefined : readReference(resolve(io.cwd, flags.reference));
  const state = new SimState(reference);
  const username = io.env.SONAR_USERNAME || 'admin';
  const password = io.env.SONAR_PASSWORD || 'sonar';
  const sim = await startSimulator({
    port,
    host: flags.host,
    username,
    password,
    state,
    latency,
    faults: { rates, seed: seed ?? 1 },
    sonarVersion,
  });
  const shownPassword = io.env.SONAR_PASSWORD ? '(your SONAR_PASSWORD)' : password;
  io.stdout.write(
    [
      `Sonar v1 simulator listening on ${sim.url} (API at ${sim.apiUrl}) — a local test server, not Sonar.`,
      `Answers as Sonar version: ${sonarVersion} (sim --help lists the versions).`,
      `Basic auth: ${username} / ${shownPassword}`,
      'Point sonar-migrate at it:',
      `  export SONAR_URL=${sim.url}`,
      `  export SONAR_USERNAME=${username}`,
      `  export SONAR_PASSWORD=${io.env.SONAR_PASSWORD ? '…' : password}`,
      `Faults: ${describeFaults(rates, latency, seed)}. Admin: ${sim.url}/__admin/state. Ctrl-C stops.`,
      '',
    ].join('\n'),
  );
  if (flags.host !== '127.0.0.1' && flags.host !== 'localhost' && flags.host !== '::1') {
    io.stderr.write(`warning: listening on ${flags.host}: other machines can reach this test server.\n`);
  }
  await untilAborted(io.signal);
  await sim.close();
  io.stdout.write('Simulator stopped.\n');
  return 0;
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  // Without a signal (never the case from runCli) the server runs until the process ends.
  return new Promise((resolveStop) => {
    if (signal?.aborted) return resolveStop();
    signal?.addEventListener('abort', () => resolveStop(), { once: true });
  });
}

function versionOf(value: string): SonarVersion {
  if (isSonarVersion(value)) return value;
  throw new ConfigError(
    'CONFIG_USAGE',
    `--sonar-version ${value}: unknown version — use one of ${sonarVersions.join(', ')} (sim --help shows the doc lines of each).`,
  );
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError('CONFIG_USAGE', `${flag} ${value}: expected a whole number from ${min} to ${max}.`);
  }
  return n;
}

function rate(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new ConfigError('CONFIG_USAGE', `${flag} ${value}: expected a share from 0 to 1, e.g. 0.05.`);
  }
  return n;
}

function parseLatency(value: string): LatencyOptions {
  const [fixed, jitter = '0', ...rest] = value.split(',');
  const fixedMs = Number(fixed);
  const jitterMs = Number(jitter);
  if (
    rest.length > 0 ||
    !Number.isFinite(fixedMs) ||
    !Number.isFinite(jitterMs) ||
    fixedMs < 0 ||
    jitterMs < 0
  ) {
    throw new ConfigError(
      'CONFIG_USAGE',
      `--latency ${value}: expected MS or MS,JITTER in milliseconds, e.g. 50,20.`,
    );
  }
  return { fixedMs, jitterMs };
}

function readReference(path: string): ReferenceData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('CONFIG_FILE_MISSING', `--reference ${path} cannot be read: fix the path.`, {
      cause: err,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `--reference ${path} is not valid JSON (${(err as Error).message}): fix the file.`,
      { cause: err },
    );
  }
  const parsed = parseReferenceData(json);
  if (!parsed.ok) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `--reference ${path} does not match the reference data shape: ${parsed.problems.slice(0, 10).join('; ')} — fix those keys.`,
    );
  }
  return parsed.reference;
}

function describeFaults(
  rates: FaultRates,
  latency: LatencyOptions | undefined,
  seed: number | undefined,
): string {
  const parts = Object.entries(rates)
    .filter(([, r]) => r !== undefined && r > 0)
    .map(([name, r]) => `${name} ${r}`);
  if (latency) parts.push(`latency ${latency.fixedMs}ms+${latency.jitterMs}ms jitter`);
  if (parts.length === 0) return 'none';
  return `${parts.join(', ')}${seed === undefined ? '' : ` (seed ${seed})`}`;
}
