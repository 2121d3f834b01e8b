// The bench's printed table and its verdicts on the targets of issue 6.

const n0 = (x) => Math.round(x).toLocaleString('en-US');
const pct = (x) => `${(x * 100).toFixed(0)}%`;

/** Column-aligned text: the first column left, the others right. */
function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) =>
    r
      .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The targets with the measured figure and whether it is met:
 * validation ≥ 50% of csv-parse's speed, peak RSS < 300 MB at the largest size and growing < 30%
 * from the smallest, load ≥ 90% of the bound, fewer requests per account than records per account.
 */
export function judgeTargets(result) {
  const targets = [];
  const largest = result.validation.at(-1);
  if (largest) {
    targets.push({
      target: `validate ≥ 50% of csv-parse's speed (${n0(largest.accounts)} accounts)`,
      measured: pct(largest.ratio),
      met: largest.ratio >= 0.5,
    });
    targets.push({
      target: `validate peak RSS < 300 MB (${n0(largest.accounts)} accounts)`,
      measured: `${n0(largest.validate.maxRssMb)} MB`,
      met: largest.validate.maxRssMb < 300,
    });
  }
  if (result.memory) {
    targets.push({
      target: `validate peak RSS grows < 30% from ${n0(result.memory.fromAccounts)} to ${n0(result.memory.toAccounts)} accounts`,
      measured: `${pct(result.memory.growth)} (${n0(result.memory.fromMb)} → ${n0(result.memory.toMb)} MB)`,
      met: result.memory.growth < 0.3,
    });
  }
  for (const run of result.load) {
    targets.push({
      target: `load ≥ 90% of the bound at concurrency ${run.concurrency}`,
      measured: `${pct(run.ratio)} (${n0(run.writesPerS)} writes/s of ${n0(run.boundPerS)}; whole run ${pct(run.wholeRunRatio)})${runsRange(run)}`,
      met: run.ratio >= 0.9,
    });
  }
  const firstLoad = result.load[0];
  if (firstLoad) {
    targets.push({
      target: 'fewer requests per account than records per account',
      measured: `${firstLoad.requestsPerAccount.toFixed(2)} vs ${firstLoad.recordsPerAccount.toFixed(2)}`,
      met: firstLoad.requestsPerAccount < firstLoad.recordsPerAccount,
    });
  }
  return targets;
}

/** The spread of a repeated load's ratios, e.g. " — median of 3 runs: 84%, 87%, 89%". */
function runsRange(run) {
  if (!run.ratios || run.ratios.length < 2) return '';
  const sorted = [...run.ratios].sort((a, b) => a - b);
  return ` — median of ${sorted.length} runs: ${sorted.map(pct).join(', ')}`;
}

/** The whole printed report: machine, validation table, load table, targets. */
export function formatReport(result) {
  const m = result.machine;
  const parts = [
    `sonar-migrate bench — ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, ${m.platform}`,
    `${result.command}, ${n0(result.durationS)} s (data generation excluded)`,
  ];
  if (result.validation.length > 0) {
    const rows = result.validation.flatMap((v) => [
      [
        `csv-parse, ${n0(v.accounts)} accounts`,
        n0(v.rows),
        (v.csvParse.ms / 1000).toFixed(1),
        n0(v.csvParse.rowsPerS),
        '',
        n0(v.csvParse.maxRssMb),
      ],
      [
        `validate, ${n0(v.accounts)} accounts`,
        n0(v.rows),
        (v.validate.ms / 1000).toFixed(1),
        n0(v.validate.rowsPerS),
        pct(v.ratio),
        n0(v.validate.maxRssMb),
      ],
    ]);
    parts.push(
      `\n1. Offline validation (inputs: ${result.validation[0].inputs.join(', ')}; each run its own process)\n${table(
        ['run', 'rows', 's', 'rows/s', 'vs csv-parse', 'peak RSS MB'],
        rows,
      )}`,
    );
  }
  if (result.load.length > 0) {
    const rows = result.load.map((l) => [
      `concurrency ${l.concurrency}`,
      n0(l.requests),
      n0(l.writes),
      l.writesWindowS.toFixed(1),
      n0(l.writesPerS),
      n0(l.boundPerS),
      pct(l.ratio),
      `${l.windowS.toFixed(1)} / ${pct(l.wholeRunRatio)}`,
      l.requestsPerAccount.toFixed(2),
      l.recordsPerAccount.toFixed(2),
      `${l.loaderCpuS.toFixed(1)} / ${l.simulatorCpuS.toFixed(1)}`,
      `${l.simulatorMeanMs.toFixed(1)} / ${l.loaderMeanMs?.toFixed(1) ?? '?'}`,
      l.busySlots === undefined ? '?' : `${l.busySlots.toFixed(1)} of ${l.concurrency}`,
      l.plainClient ? pct(l.plainClient.ratio) : '-',
    ]);
    const first = result.load[0];
    parts.push(
      `\n2. Load of ${n0(first.accounts)} accounts (${n0(first.records)} records) against the simulator, 10 ms + 0–20 ms latency per request\n${table(
        [
          'run',
          'requests',
          'writes',
          'write s',
          'writes/s',
          'bound/s',
          'of bound',
          'whole run s / of bound',
          'req/account',
          'records/account',
          'CPU s load/sim',
          'ms/request sim/slot',
          'slots busy',
          'plain client',
        ],
        rows,
      )}\n(bound = concurrency ÷ 20 ms mean latency; writes/s and "of bound" over the window from the first write to the last;\n"whole run": all requests over the window from the first request (reference reads) to the last; CPU s: the loader's process, start-up and staging included / the simulator's, during the load;\nms/request: the simulator's mean time from a request's arrival to its answer / the loader's mean time a request held its slot;\nslots busy: requests in flight on average; plain client: "of bound" of as many plain GETs from a client doing nothing else${first.repeat > 1 ? `; each row is the median of ${first.repeat} runs by "of bound"` : ''})`,
    );
  }
  const targets = result.targets.map((t) => [t.target, t.measured, t.met ? 'met' : 'MISSED']);
  parts.push(`\nTargets\n${table(['target', 'measured', ''], targets)}`);
  return `${parts.join('\n')}\n`;
}
