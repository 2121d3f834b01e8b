// Bench 2: load. `load` (in its own child process) against the simulator (in this process) with
// 10 ms + up to 20 ms latency per request, at each concurrency: requests and writes per second in
// the window where writes flowed, the ratio to the bound (concurrency ÷ mean latency), and
// requests per migrated account from the simulator's own request counts. Each concurrency runs
// `repeat` times (a fresh simulator and journal each) and the median run by ratio is reported: on
// a shared 2-core machine one run's ratio varies by several points.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureSampleSet, writeRunConfig } from './data.mjs';
import { measureInChild } from './measure.mjs';

/** The simulator's added latency: fixed plus uniform jitter in [0, jitter), so a 20 ms mean. */
export const LATENCY = { fixedMs: 10, jitterMs: 20 };
const MEAN_LATENCY_S = (LATENCY.fixedMs + LATENCY.jitterMs / 2) / 1000;
/** How often the request counts are sampled to find when requests started and stopped. */
const POLL_MS = 20;

function sumCounts(counts) {
  let requests = 0;
  let writes = 0;
  for (const [key, n] of Object.entries(counts)) {
    requests += n;
    if (!key.startsWith('GET ')) writes += n;
  }
  return { requests, writes };
}

/**
 * Samples the simulator's request totals: when the first request and the last one came (the whole
 * run as Sonar sees it, from the reference-data reads on), and when the first and the last write
 * came (the window the writes-per-second figure is taken over).
 */
function watchRequests(sim) {
  const seen = { requests: 0, writes: 0 };
  const windows = { requests: {}, writes: {} };
  const poll = () => {
    const counts = sumCounts(sim.requestCounts());
    const now = performance.now();
    for (const kind of ['requests', 'writes']) {
      if (counts[kind] === seen[kind]) continue;
      windows[kind].first ??= now;
      windows[kind].last = now;
      seen[kind] = counts[kind];
    }
  };
  const timer = setInterval(poll, POLL_MS);
  const seconds = ({ first, last }) => (first === undefined ? 0 : (last - first) / 1000);
  return {
    stop() {
      clearInterval(timer);
      poll();
      return { requestsS: seconds(windows.requests), writesS: seconds(windows.writes) };
    },
  };
}

/** Loaded accounts per the journal, read with the built CLI's own `status --json`. */
async function loadedAccounts(dist, config, env) {
  const { runCommand } = await import(pathToFileURL(resolve(dist, 'cli/main.js')).href);
  let out = '';
  const io = { stdout: { write: (s) => (out += s) }, stderr: { write: () => true }, env, cwd: process.cwd() };
  await runCommand(['status', '--config', config, '--json'], io);
  return JSON.parse(out).steps.find((s) => s.step === 'accounts')?.loaded ?? 0;
}

/** The load summary's traffic line (src/cli/progress.ts): mean slot time and slots busy. */
const TRAFFIC_LINE =
  /Requests: [\d,]+, each holding its slot ([\d.]+) ms on average; ([\d.]+) of (\d+) slots busy/;

function trafficOf(output) {
  const match = TRAFFIC_LINE.exec(output ?? '');
  return match ? { loaderMeanMs: Number(match[1]), busySlots: Number(match[2]) } : {};
}

/** The run with the median ratio (the lower middle one of an even count). */
function medianRun(runs) {
  const sorted = [...runs].sort((a, b) => a.ratio - b.ratio);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Runs the load bench: `repeat` runs per concurrency, each with a fresh simulator and journal. */
export async function benchLoad({ repoRoot, dist, accounts, concurrencies, repeat = 1, workRoot, log }) {
  // Every step the generated samples feed: the load order itself, less RADIUS (the samples have none).
  const { stepNames } = await import(pathToFileURL(resolve(dist, 'ground/types.js')).href);
  const sampleInputs = stepNames.filter((step) => step !== 'radius_groups');
  const set = await ensureSampleSet(repoRoot, accounts, log);
  const records = sampleInputs.reduce((n, input) => n + (set.counts[input] ?? 0), 0);
  const setup = { dir: set.dir, inputs: sampleInputs };
  const results = [];
  for (const concurrency of concurrencies) {
    const runs = [];
    for (let attempt = 1; attempt <= repeat; attempt += 1) {
      log(
        `load of ${accounts.toLocaleString('en-US')} accounts at concurrency ${concurrency}${repeat > 1 ? ` (run ${attempt} of ${repeat})` : ''}…`,
      );
      runs.push(await loadOnce({ dist, setup, concurrency, workRoot, log }));
    }
    const median = medianRun(runs);
    log(`plain HTTP client at concurrency ${concurrency} (the pace with no work of its own)…`);
    const plain = await plainClient({ dist, concurrency, requests: median.requests });
    results.push({
      accounts,
      records,
      recordsPerAccount: records / accounts,
      ...median,
      requestsPerAccount: median.requests / median.migratedAccounts,
      repeat,
      ratios: runs.map((r) => r.ratio),
      plainClient: plain,
    });
  }
  return results;
}

/**
 * Runs `use` against a fresh simulator with the bench's latency and throwaway credentials (made
 * here, for this simulator only), then stops it. `use` gets the simulator and an environment that
 * points a child process at it.
 */
async function withSimulator(dist, use) {
  const { startSimulator } = await import(pathToFileURL(resolve(dist, 'simulator/server.js')).href);
  const password = randomBytes(12).toString('base64url');
  const sim = await startSimulator({ port: 0, username: 'bench', password, latency: LATENCY });
  try {
    const env = { ...process.env, SONAR_URL: sim.url, SONAR_USERNAME: 'bench', SONAR_PASSWORD: password };
    return await use(sim, env);
  } finally {
    await sim.close();
  }
}

/**
 * As many plain GETs as the load made, `concurrency` at a time from a child process, against a
 * fresh simulator with the same latency: the ratio a client that does nothing else reaches here.
 */
function plainClient({ dist, concurrency, requests }) {
  return withSimulator(dist, async (sim, env) => {
    const run = await measureInChild(['http', sim.url, String(concurrency), String(requests)], { env });
    const bound = concurrency / MEAN_LATENCY_S;
    return {
      requestsPerS: run.requests / (run.ms / 1000),
      ratio: run.requests / (run.ms / 1000) / bound,
      simulatorMeanMs: sim.answerTimes().meanMs,
    };
  });
}

/** One load at `concurrency` against a fresh simulator, into a fresh run folder and journal. */
function loadOnce({ dist, setup, concurrency, workRoot, log }) {
  return withSimulator(dist, async (sim, env) => {
    const runDir = mkdtempSync(join(workRoot, `load-c${concurrency}-`));
    const config = writeRunConfig(runDir, setup.dir, setup.inputs, concurrency);
    const watch = watchRequests(sim);
    // The simulator shares the machine: its CPU time says how much of the 2 cores it took.
    const simCpu = process.cpuUsage();
    const run = await measureInChild(
      ['cli', dist, 'load', '--config', config, '--yes', '--concurrency', String(concurrency)],
      { cwd: runDir, env },
    );
    const window = watch.stop();
    const { user, system } = process.cpuUsage(simCpu);
    if (run.code !== 0) log(`warning: load exited ${run.code}:\n${run.errors}`);
    const { requests, writes } = sumCounts(sim.requestCounts());
    const migrated = await loadedAccounts(dist, config, env);
    const bound = concurrency / MEAN_LATENCY_S;
    return {
      concurrency,
      code: run.code,
      loadMs: run.ms,
      windowS: window.requestsS,
      writesWindowS: window.writesS,
      requests,
      writes,
      requestsPerS: requests / window.requestsS,
      writesPerS: writes / window.writesS,
      boundPerS: bound,
      // The target's figure: writes per second, from the first write to the last, over the bound.
      ratio: writes / window.writesS / bound,
      // The whole run as Sonar saw it (reference reads and the work before the first write too).
      wholeRunRatio: requests / window.requestsS / bound,
      migratedAccounts: migrated,
      maxRssMb: run.maxRssMb,
      loaderCpuS: run.cpuS,
      simulatorCpuS: (user + system) / 1e6,
      // Where the time per request went: the simulator's own answer time (its added latency and
      // work) and the time a request held the loader's slot (that plus both sides' queueing).
      simulatorMeanMs: sim.answerTimes().meanMs,
      ...trafficOf(run.output),
    };
  });
}
