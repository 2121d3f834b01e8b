#!/usr/bin/env node
// One measured thing in its own process, so each peak RSS is that thing's alone. Writes a JSON
// result to RESULT_FILE: { ms, rows?, requests?, code?, output?, maxRssMb, cpuS }. The clock starts
// after the modules load, so both sides measure the work and not Node's start-up.
//
//   node scripts/bench/child.mjs RESULT_FILE csv-parse FILE...     count records with csv-parse alone
//   node scripts/bench/child.mjs RESULT_FILE cli DIST_DIR ARGV...  run the built CLI in-process
//     (with BENCH_PHASE_MARK set, the result also has `phase`: the wall and CPU time from the first
//     output line holding that text to the end, e.g. a load's sending phase without its start-up,
//     and on Linux the main thread's own CPU time over it)
//   node scripts/bench/child.mjs RESULT_FILE http URL C N          N plain GETs, C at a time (SONAR_USERNAME/PASSWORD)
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse';
import { Pool } from 'undici';

const [resultFile, kind, ...rest] = process.argv.slice(2);

/** A plain streaming parse counting records: the floor any CSV-reading validator stands on. */
async function countRecords(files) {
  let rows = 0;
  for (const file of files) {
    // relax_column_count: the importer layouts leave optional trailing columns off some lines.
    const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }));
    for await (const _record of parser) rows += 1;
  }
  return rows;
}

/**
 * The CPU time of this process's main thread alone, in ns (Linux: the scheduler's count in
 * /proc/self/task/PID/schedstat), or undefined elsewhere. process.cpuUsage() counts every thread:
 * V8's GC and compiler helpers and the thread pool run beside the main thread, on other cores when
 * there are some; the JS of the loader runs on the main thread only.
 */
function mainThreadCpuNs() {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

/**
 * Runs the CLI of DIST_DIR in-process. Its output is not printed: the tail of its standard output
 * comes back (the load summary's traffic line is read from it), and of its errors when it failed.
 */
async function runCli(distDir, argv) {
  const { runCommand } = await import(pathToFileURL(resolve(distDir, 'cli/main.js')).href);
  let output = '';
  let errors = '';
  const mark = process.env.BENCH_PHASE_MARK;
  let phaseStart;
  const watch = (s) => {
    if (mark && !phaseStart && s.includes(mark)) {
      // The peak RSS so far is the start-up's (staging, planning): the phase's own peak may be lower.
      const startUpRssMb = process.resourceUsage().maxRSS / 1024;
      phaseStart = {
        at: performance.now(),
        cpu: process.cpuUsage(),
        mainNs: mainThreadCpuNs(),
        startUpRssMb,
      };
    }
  };
  const io = {
    stdout: {
      write: (s) => {
        watch(s);
        output = (output + s).slice(-4000);
        return true;
      },
      isTTY: false,
    },
    stderr: {
      write: (s) => {
        watch(s);
        // Only the tail: enough to say why a run failed, bounded on a long one.
        errors = (errors + s).slice(-4000);
        return true;
      },
      isTTY: false,
    },
    env: process.env,
    cwd: process.cwd(),
  };
  const started = performance.now();
  const code = await runCommand(argv, io);
  const ended = performance.now();
  const phase = phaseStart && {
    startUpRssMb: phaseStart.startUpRssMb,
    ms: ended - phaseStart.at,
    cpuS: (() => {
      const cpu = process.cpuUsage(phaseStart.cpu);
      return (cpu.user + cpu.system) / 1e6;
    })(),
    ...(phaseStart.mainNs === undefined
      ? {}
      : { mainThreadCpuS: (mainThreadCpuNs() - phaseStart.mainNs) / 1e9 }),
  };
  return { ms: ended - started, code, output, errors: code === 0 ? '' : errors, ...(phase ? { phase } : {}) };
}

/**
 * The floor of the load bench: `count` GETs through undici, `concurrency` at a time, doing nothing
 * with the answers. The pace a client with no work of its own keeps against the same simulator.
 */
async function plainRequests(url, concurrency, count) {
  const pool = new Pool(url, { connections: concurrency });
  const auth = `Basic ${Buffer.from(`${process.env.SONAR_USERNAME}:${process.env.SONAR_PASSWORD}`).toString('base64')}`;
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent += 1;
      const answer = await pool.request({
        method: 'GET',
        path: '/api/v1/system/account_types',
        headers: { authorization: auth },
      });
      await answer.body.text();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - started;
  await pool.close();
  return { ms, requests: count };
}

/** Peaks of V8's heap (used, reserved) and of memory outside it, sampled every 100 ms. */
function sampleMemory() {
  const peaks = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peaks.heapUsedMb = Math.max(peaks.heapUsedMb, m.heapUsed / 2 ** 20);
    peaks.heapTotalMb = Math.max(peaks.heapTotalMb, m.heapTotal / 2 ** 20);
    peaks.externalMb = Math.max(peaks.externalMb, m.external / 2 ** 20);
  }, 100);
  timer.unref();
  return () => {
    clearInterval(timer);
    return peaks;
  };
}

async function main() {
  const memoryPeaks = sampleMemory();
  let result;
  if (kind === 'csv-parse') {
    const started = performance.now();
    const rows = await countRecords(rest);
    result = { ms: performance.now() - started, rows };
  } else if (kind === 'cli') {
    const [distDir, ...argv] = rest;
    result = await runCli(distDir, argv);
  } else if (kind === 'http') {
    const [url, concurrency, count] = rest;
    result = await plainRequests(url, Number(concurrency), Number(count));
  } else {
    throw new Error(`unknown kind "${kind}": use csv-parse, cli or http`);
  }
  // resourceUsage().maxRSS is in kilobytes: the peak of this whole process.
  const usage = process.resourceUsage();
  result.maxRssMb = usage.maxRSS / 1024;
  // Where the peak RSS sits: V8's live objects, the heap V8 reserved for them, or native memory
  // (SQLite's cache, undici's buffers) outside the heap.
  result.memory = memoryPeaks();
  // CPU seconds of the whole process (start-up included): beside the wall time, it says whether
  // the run waited (on the network, the disk) or computed.
  result.cpuS = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  writeFileSync(resultFile, JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(`bench child failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
