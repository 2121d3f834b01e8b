// Bench 4: verify memory at scale (issue 16). For each account count, the load-memory bench's load
// (concurrency 32, a simulator without latency), then `verify` of what it loaded, in its own child
// process against the same simulator: the child's peak RSS, its wall and CPU time, its exit code.
// Verify must hold no list of every account or record: its peak RSS should not follow the export.
import { benchLoadMemory } from './load-memory.mjs';
import { measureInChild } from './measure.mjs';

const CONCURRENCY = 32;

export async function benchVerifyMemory({ repoRoot, dist, sizes, workRoot, log }) {
  const afterLoad = async ({ accounts, sim, env, config, runDir }) => {
    log(`verify of ${accounts.toLocaleString('en-US')} accounts at concurrency ${CONCURRENCY}, no latency…`);
    const before = Object.values(sim.requestCounts()).reduce((n, c) => n + c, 0);
    const run = await measureInChild(
      ['cli', dist, 'verify', '--config', config, '--concurrency', String(CONCURRENCY)],
      { cwd: runDir, env },
    );
    // 0 (no difference) or 1 (some): both are a finished verify; anything else is not.
    if (run.code !== 0 && run.code !== 1) log(`warning: verify exited ${run.code}:\n${run.errors}`);
    const requests = Object.values(sim.requestCounts()).reduce((n, c) => n + c, 0) - before;
    return {
      verify: { code: run.code, requests, verifyS: run.ms / 1000, maxRssMb: run.maxRssMb, cpuS: run.cpuS },
    };
  };
  return benchLoadMemory({ repoRoot, dist, sizes, workRoot, log, afterLoad });
}

/** The table `npm run bench -- --only verify-memory` prints. */
export function formatVerifyMemory(results) {
  const lines = ['Verify memory (concurrency 32, simulator without latency)', ''];
  lines.push(
    '| accounts | verify requests | verify s | verify peak RSS MB | verify CPU s | exit | load peak RSS MB |',
  );
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const v = r.verify;
    lines.push(
      `| ${r.accounts.toLocaleString('en-US')} | ${v.requests.toLocaleString('en-US')} | ${v.verifyS.toFixed(1)} | ${Math.round(v.maxRssMb)} | ${v.cpuS.toFixed(1)} | ${v.code} | ${Math.round(r.maxRssMb)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
