// Bench 3: load memory and CPU at scale (issue 16). `load` at concurrency 32, in its own child
// process, against a simulator without latency (in this process), for each account count: the
// child's peak RSS, and the loader's CPU time per request (the child's user + system CPU over the
// requests the simulator counted). Without latency the loader and the simulator share the 2 cores
// flat out, so this is the worst case for memory held per request in flight.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureSampleSet, writeRunConfig } from './data.mjs';
import { measureInChild } from './measure.mjs';
import { pinOneCore } from './one-core.mjs';

const CONCURRENCY = 32;
/** Plain GETs of the floor measured beside each load (see plainFloor). */
const FLOOR_REQUESTS = 50_000;

/**
 * `afterLoad({ accounts, sim, env, config, runDir })`, when given, runs once each
 * load is done, against the same simulator still holding what was loaded (the verify-memory bench
 * measures `verify` there); what it returns is added to that size's result.
 */
export async function benchLoadMemory({
  repoRoot,
  dist,
  sizes,
  workRoot,
  log,
  afterLoad,
  repeat = 1,
  oneCore = false,
}) {
  const { stepNames } = await import(pathToFileURL(resolve(dist, 'ground/types.js')).href);
  const { startSimulator } = await import(pathToFileURL(resolve(dist, 'simulator/server.js')).href);
  const inputs = stepNames.filter((step) => step !== 'radius_groups');
  const results = [];
  for (const accounts of sizes) {
    const set = await ensureSampleSet(repoRoot, accounts, log);
    const runs = [];
    for (let i = 0; i < repeat; i += 1) {
      if (repeat > 1) log(`run ${i + 1} of ${repeat}`);
      // Pinned for the floor and the load alike, and released after each run.
      const pinned = oneCore ? pinOneCore() : undefined;
      const prefix = pinned?.childPrefix ?? [];
      try {
        const floorMs = await plainFloor(startSimulator, prefix);
        const run = await loadOnce({
          accounts,
          set,
          inputs,
          dist,
          startSimulator,
          workRoot,
          log,
          afterLoad,
          prefix,
        });
        runs.push({ ...run, floorCpuMsPerRequest: floorMs, oneCore });
      } finally {
        pinned?.release();
      }
    }
    // The run of median sending-phase CPU stands for the size (of an even number, the higher of
    // the middle two); every run's figures go with it.
    const bySending = [...runs].sort(
      (a, b) => (a.phaseCpuMsPerRequest ?? a.cpuMsPerRequest) - (b.phaseCpuMsPerRequest ?? b.cpuMsPerRequest),
    );
    const median = bySending[Math.ceil((bySending.length - 1) / 2)];
    results.push({ ...median, ...(repeat > 1 ? { runs } : {}) });
  }
  return results;
}

/**
 * What a client that does nothing else costs per request on this machine right now: the CPU of
 * FLOOR_REQUESTS plain GETs through undici, 32 at a time, in a child process, against a simulator
 * of its own. The machine's speed changes from run to run and day to day (a shared VM): beside
 * each load, it says how much of a change in the loader's figure is the machine's.
 */
async function plainFloor(startSimulator, prefix) {
  const password = randomBytes(12).toString('base64url');
  const sim = await startSimulator({ port: 0, username: 'bench', password });
  try {
    const env = { ...process.env, SONAR_USERNAME: 'bench', SONAR_PASSWORD: password };
    const run = await measureInChild(['http', sim.url, String(CONCURRENCY), String(FLOOR_REQUESTS)], {
      env,
      prefix,
    });
    return (run.cpuS * 1000) / run.requests;
  } finally {
    await sim.close();
  }
}

/** One load of a set against a fresh simulator, into a fresh run folder. */
async function loadOnce({ accounts, set, inputs, dist, startSimulator, workRoot, log, afterLoad, prefix }) {
  const password = randomBytes(12).toString('base64url');
  const sim = await startSimulator({ port: 0, username: 'bench', password });
  try {
    const env = {
      ...process.env,
      SONAR_URL: sim.url,
      SONAR_USERNAME: 'bench',
      SONAR_PASSWORD: password,
      // The sending phase apart from the start-up (reading the state file, planning).
      BENCH_PHASE_MARK: 'Loading into Sonar',
    };
    const runDir = mkdtempSync(join(workRoot, `memory-${accounts}-`));
    const config = writeRunConfig(runDir, set.dir, inputs, CONCURRENCY);
    log(`load of ${accounts.toLocaleString('en-US')} accounts at concurrency ${CONCURRENCY}, no latency…`);
    const run = await measureInChild(
      ['cli', dist, 'load', '--config', config, '--yes', '--concurrency', String(CONCURRENCY)],
      { cwd: runDir, env, prefix },
    );
    if (run.code !== 0) log(`warning: load exited ${run.code}:\n${run.errors}`);
    const requests = Object.values(sim.requestCounts()).reduce((n, c) => n + c, 0);
    return {
      accounts,
      code: run.code,
      requests,
      loadS: run.ms / 1000,
      maxRssMb: run.maxRssMb,
      heap: run.memory,
      loaderCpuS: run.cpuS,
      cpuMsPerRequest: (run.cpuS * 1000) / requests,
      ...(run.phase
        ? {
            phaseS: run.phase.ms / 1000,
            phaseCpuMsPerRequest: (run.phase.cpuS * 1000) / requests,
            ...(run.phase.mainThreadCpuS === undefined
              ? {}
              : { phaseMainThreadCpuMsPerRequest: (run.phase.mainThreadCpuS * 1000) / requests }),
            phaseRequestsPerS: requests / (run.phase.ms / 1000),
            startUpRssMb: run.phase.startUpRssMb,
          }
        : {}),
      ...(afterLoad ? await afterLoad({ accounts, sim, env, config, runDir }) : {}),
    };
  } finally {
    await sim.close();
  }
}

/** The table `npm run bench -- --only load-memory` prints. */
export function formatLoadMemory(results) {
  const oneCore = results.some((r) => (r.runs ?? [r]).some((run) => run.oneCore));
  const lines = [
    `Load memory and CPU (concurrency 32, simulator without latency${oneCore ? '; the load on one core, the simulator on another (--one-core)' : ''})`,
    '',
  ];
  lines.push(
    '| accounts | requests | load s | load phase s | peak RSS MB | loader CPU s | CPU ms / request | load phase CPU ms / request | plain GET CPU ms / request | exit |',
  );
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const phase = (value, digits) => (value === undefined ? '–' : value.toFixed(digits));
  for (const r of results) {
    lines.push(
      `| ${r.accounts.toLocaleString('en-US')} | ${r.requests.toLocaleString('en-US')} | ${r.loadS.toFixed(1)} | ${phase(r.phaseS, 1)} | ${Math.round(r.maxRssMb)} | ${r.loaderCpuS.toFixed(1)} | ${r.cpuMsPerRequest.toFixed(3)} | ${phase(r.phaseCpuMsPerRequest, 3)} | ${phase(r.floorCpuMsPerRequest, 3)} | ${r.code} |`,
    );
  }
  lines.push(
    '',
    `Every run${results.some((r) => r.runs) ? ' (the table above shows the one of median load-phase CPU)' : ''}: its CPU per request all in and in the load phase, over all the loader's threads; the load phase's CPU per request on the main thread alone (the JS; V8's GC and compiler helpers and the thread pool run beside it) and its requests a second; and the plain-GET floor measured just before the run, which shows how fast the machine was then.`,
    '',
    '| accounts | run | CPU ms / request | load phase CPU ms / request | main thread CPU ms / request | load phase requests / s | plain GET CPU ms / request | load phase ÷ plain GET |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of results) {
    (r.runs ?? [r]).forEach((run, i) => {
      const ratio =
        run.phaseCpuMsPerRequest === undefined
          ? '–'
          : (run.phaseCpuMsPerRequest / run.floorCpuMsPerRequest).toFixed(1);
      const perS =
        run.phaseRequestsPerS === undefined ? '–' : Math.round(run.phaseRequestsPerS).toLocaleString('en-US');
      lines.push(
        `| ${r.accounts.toLocaleString('en-US')} | ${i + 1} | ${run.cpuMsPerRequest.toFixed(3)} | ${phase(run.phaseCpuMsPerRequest, 3)} | ${phase(run.phaseMainThreadCpuMsPerRequest, 3)} | ${perS} | ${run.floorCpuMsPerRequest.toFixed(3)} | ${ratio} |`,
      );
    });
  }
  lines.push(
    '',
    '| accounts | peak RSS of the start-up MB | peak heap used MB | peak heap reserved MB | peak external MB |',
  );
  lines.push('| ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    if (!r.heap) continue;
    lines.push(
      `| ${r.accounts.toLocaleString('en-US')} | ${r.startUpRssMb === undefined ? '–' : Math.round(r.startUpRssMb)} | ${Math.round(r.heap.heapUsedMb)} | ${Math.round(r.heap.heapTotalMb)} | ${Math.round(r.heap.externalMb)} |`,
    );
  }
  lines.push(
    '',
    'Load phase: from the "Loading into Sonar" line to the end, without start-up (reading the state file, planning); its CPU is over all requests the simulator counted. Plain GET: 50,000 GETs through undici, 32 at a time, against a simulator of their own, just before the load: what a request costs a client that does nothing else on this machine at that moment. Requests / s: the requests over the wall time of the load phase, which also holds the end-of-load reports.',
  );
  return `${lines.join('\n')}\n`;
}
