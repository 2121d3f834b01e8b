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

const CONCURRENCY = 32;

/**
 * `afterLoad({ accounts, sim, env, config, runDir })`, when given, runs once each
 * load is done, against the same simulator still holding what was loaded (the verify-memory bench
 * measures `verify` there); what it returns is added to that size's result.
 */
export async function benchLoadMemory({ repoRoot, dist, sizes, workRoot, log, afterLoad }) {
  const { stepNames } = await import(pathToFileURL(resolve(dist, 'ground/types.js')).href);
  const { startSimulator } = await import(pathToFileURL(resolve(dist, 'simulator/server.js')).href);
  const inputs = stepNames.filter((step) => step !== 'radius_groups');
  const results = [];
  for (const accounts of sizes) {
    const set = await ensureSampleSet(repoRoot, accounts, log);
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
        { cwd: runDir, env },
      );
      if (run.code !== 0) log(`warning: load exited ${run.code}:\n${run.errors}`);
      const requests = Object.values(sim.requestCounts()).reduce((n, c) => n + c, 0);
      results.push({
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
              startUpRssMb: run.phase.startUpRssMb,
            }
          : {}),
        ...(afterLoad ? await afterLoad({ accounts, sim, env, config, runDir }) : {}),
      });
    } finally {
      await sim.close();
    }
  }
  return results;
}

/** The table `npm run bench -- --only load-memory` prints. */
export function formatLoadMemory(results) {
  const lines = ['Load memory and CPU (concurrency 32, simulator without latency)', ''];
  lines.push(
    '| accounts | requests | load s | load phase s | peak RSS MB | loader CPU s | CPU ms / request | load phase CPU ms / request | exit |',
  );
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const phase = (value, digits) => (value === undefined ? '–' : value.toFixed(digits));
  for (const r of results) {
    lines.push(
      `| ${r.accounts.toLocaleString('en-US')} | ${r.requests.toLocaleString('en-US')} | ${r.loadS.toFixed(1)} | ${phase(r.phaseS, 1)} | ${Math.round(r.maxRssMb)} | ${r.loaderCpuS.toFixed(1)} | ${r.cpuMsPerRequest.toFixed(3)} | ${phase(r.phaseCpuMsPerRequest, 3)} | ${r.code} |`,
    );
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
    'Load phase: from the "Loading into Sonar" line to the end, without start-up (reading the state file, planning); its CPU is over all requests the simulator counted.',
  );
  return `${lines.join('\n')}\n`;
}
