import cliProgress from 'cli-progress';
import { type StepName, stepNames } from '../ground/types.js';
import type { QuietWait } from '../loaders/quiet-period.js';
import type { LoadProgress, LoadResult, StepTally } from '../loaders/runner.js';
import type { CliIo } from './io.js';

/** Shows a load's progress: a bar per step on a terminal, a plain line every few seconds otherwise. */
export interface LoadProgressView {
  update(progress: LoadProgress): void;
  /** Stops redrawing and prints the final state once (plain mode). */
  stop(): void;
}

/** Options of createLoadProgress (tests shorten the interval or pin the clock). */
export interface LoadProgressOptions {
  /** Plain mode: milliseconds between lines (default 5 000). */
  intervalMs?: number;
  now?: () => number;
}

/** Records in Sonar after the run: created, found, or loaded earlier (unchanged, updated, replaced or changed but not updated). */
function loadedOf(t: StepTally): number {
  return t.created + t.found + t.alreadyLoaded + t.updated + t.replaced + t.changedSinceLoaded;
}

/** Records settled so far in a tally. */
function doneOf(t: StepTally): number {
  return loadedOf(t) + t.failed + t.skipped + t.unsettled;
}

/** Creates the progress view for `totals` (records in scope per step; steps with none are not shown). */
export function createLoadProgress(
  io: CliIo,
  totals: ReadonlyMap<StepName, number>,
  options: LoadProgressOptions = {},
): LoadProgressView {
  const shown = stepNames
    .map((s): [StepName, number] => [s, totals.get(s) ?? 0])
    .filter(([, total]) => total > 0);
  if (io.stderr.isTTY) return barView(io, shown);
  return plainView(io, shown, options);
}

function barView(io: CliIo, shown: Array<[StepName, number]>): LoadProgressView {
  const multi = new cliProgress.MultiBar(
    {
      stream: io.stderr as NodeJS.WritableStream,
      format: '{step} [{bar}] {value}/{total} | {rate}/s | ETA {eta} | failed {failed}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const width = Math.max(...shown.map(([s]) => s.length), 8);
  const started = Date.now();
  const waiting = { failed: 0, rate: '-', eta: 'not started' };
  // The whole run first: one line an operator can read from across the room.
  const all = multi.create(sumOf(shown), 0, { step: 'all'.padEnd(width), ...waiting });
  const bars = new Map(
    shown.map(([step, total]) => [step, multi.create(total, 0, { step: step.padEnd(width), ...waiting })]),
  );
  const latest = new Map<StepName, StepTally>();
  const payload = (done: number, total: number, failed: number) => {
    const seconds = Math.max(1, (Date.now() - started) / 1000);
    return { failed, rate: (done / seconds).toFixed(1), eta: etaOf(done, total, seconds) };
  };
  return {
    update({ step, tally }) {
      latest.set(step, tally);
      const done = doneOf(tally);
      bars.get(step)?.update(done, payload(done, tally.total, tally.failed + tally.skipped));
      const sums = [...latest.values()];
      const allDone = sums.reduce((n, t) => n + doneOf(t), 0);
      const allFailed = sums.reduce((n, t) => n + t.failed + t.skipped, 0);
      all.update(allDone, payload(allDone, all.getTotal(), allFailed));
    },
    stop() {
      multi.stop();
    },
  };
}

/** Records in scope over every shown step. */
function sumOf(shown: Array<[StepName, number]>): number {
  return shown.reduce((n, [, total]) => n + total, 0);
}

/** Time left at the rate so far, or why there is no estimate yet. */
function etaOf(done: number, total: number, seconds: number): string {
  if (done >= total) return 'done';
  if (done === 0) return 'not started';
  const left = Math.round(((total - done) * seconds) / done);
  return left < 60 ? `${left}s` : `${Math.floor(left / 60)}m${String(left % 60).padStart(2, '0')}s`;
}

function plainView(
  io: CliIo,
  shown: Array<[StepName, number]>,
  options: LoadProgressOptions,
): LoadProgressView {
  const now = options.now ?? Date.now;
  const started = now();
  const latest = new Map<StepName, StepTally>();
  let last = '';
  const line = () => {
    const parts = shown.map(([step, total]) => {
      const tally = latest.get(step);
      const failed = tally ? tally.failed + tally.skipped : 0;
      return `${step} ${tally ? doneOf(tally) : 0}/${total}${failed ? ` (${failed} failed/skipped)` : ''}`;
    });
    const seconds = Math.max(1, (now() - started) / 1000);
    const allDone = [...latest.values()].reduce((n, t) => n + doneOf(t), 0);
    const overall = `all ${allDone}/${sumOf(shown)}, ETA ${etaOf(allDone, sumOf(shown), seconds)}`;
    const text = `load ${Math.round((now() - started) / 1000)}s: ${parts.join(', ')}; ${overall}\n`;
    // Unchanged counts print nothing (the ETA alone moves while a load waits on Sonar).
    const counts = parts.join(', ');
    if (counts !== last) io.stderr.write(text);
    last = counts;
  };
  const timer = setInterval(line, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    update({ step, tally }) {
      latest.set(step, tally);
    },
    stop() {
      clearInterval(timer);
      line();
    },
  };
}

/**
 * One line on how the requests used their slots: near all slots busy means Sonar's answer time set
 * the pace (more concurrency would go faster, if Sonar allows it); well below means this machine did.
 */
function trafficNote(traffic: LoadResult['traffic'] | undefined): string {
  if (!traffic || traffic.requests === 0) return '';
  const n = new Intl.NumberFormat('en-US');
  return `Requests: ${n.format(traffic.requests)}, each holding its slot ${traffic.meanMs.toFixed(1)} ms on average; ${traffic.busySlots.toFixed(1)} of ${traffic.slots} slots busy.`;
}

/**
 * The countdown shown while a load waits out the quiet period of records the last run left in
 * flight: rewritten in place each second on a terminal, a line every 15 s otherwise.
 */
export function createQuietCountdown(io: CliIo, quietSeconds: number): (wait: QuietWait) => void {
  let lastPlain = Number.NEGATIVE_INFINITY;
  let done = false;
  return ({ records, remainingMs }) => {
    if (done) return;
    const seconds = Math.ceil(remainingMs / 1000);
    const clock = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    const text = `Waiting ${clock} before looking up ${records} record(s) the last run left in flight: Sonar may still be writing them (quiet period ${quietSeconds} s; Ctrl-C leaves them in flight).`;
    if (io.stderr.isTTY) {
      io.stderr.write(`\r\x1b[K${text}${seconds <= 1 ? '\n' : ''}`);
      done = seconds <= 1;
    } else if (Date.now() - lastPlain >= 15_000) {
      lastPlain = Date.now();
      io.stderr.write(`${text}\n`);
    }
  };
}

/** The columns a delta load adds to the end-of-load table, shown only when some step has one. */
const deltaColumns: Array<[string, (t: StepTally) => number]> = [
  ['updated', (t) => t.updated],
  ['replaced', (t) => t.replaced],
  ['not updated', (t) => t.changedSinceLoaded],
];

/**
 * The end-of-load table: per step, what was created, found, already loaded, failed and skipped,
 * and on a delta load what was updated, replaced or changed but not updated. A row adds up to its
 * total; `loaded` is what `status` and the reports count as loaded.
 */
export function formatLoadSummary(result: LoadResult, target: string): string {
  const rows = result.steps.filter((s) => s.total > 0 || s.failed + s.skipped + s.unsettled > 0);
  const delta = deltaColumns.filter(([, of]) => rows.some((s) => of(s) > 0));
  const head = [
    'step',
    'total',
    'created',
    'found',
    'already',
    ...delta.map(([name]) => name),
    'failed',
    'skipped',
    'unsettled',
    'loaded',
  ];
  const body = rows.map((s) => [
    s.step,
    ...[
      s.total,
      s.created,
      s.found,
      s.alreadyLoaded,
      ...delta.map(([, of]) => of(s)),
      s.failed,
      s.skipped,
      s.unsettled,
      loadedOf(s),
    ].map(String),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const settled = result.settled;
  const notes = [
    settled.found + settled.absent + settled.unsettled > 0
      ? `Settled from the last run: ${settled.found} found in Sonar (counted under "already"), ${settled.absent} sent again, ${settled.unsettled} still unknown.`
      : '',
    ...result.steps
      .filter((s) => s.duplicates > 0)
      .map(
        (s) =>
          `${s.step}: ${s.duplicates} record(s) are in Sonar TWICE (SONAR_DUPLICATE): a send that got no answer landed late — see ${s.step}.failed.csv for the ids to delete.`,
      ),
    ...result.steps
      .filter((s) => s.changedSinceLoaded > 0)
      .map(
        (s) =>
          `${s.step}: ${s.changedSinceLoaded} record(s) changed in the input since they were loaded and were not updated (${s.step}'s changes cannot go by update yet, or the journal notes why: LOAD_NOT_UPDATED).`,
      ),
    ...result.steps
      .filter((s) => s.updated > 0)
      .map(
        (s) =>
          `${s.step}: ${s.updated} record(s) changed in the input since they were loaded; updated in Sonar.`,
      ),
    ...result.steps
      .filter((s) => s.replaced > 0)
      .map(
        (s) =>
          `${s.step}: ${s.replaced} record(s) changed as no update can carry; replaced in Sonar (deleted, then created).`,
      ),
    trafficNote(result.traffic),
  ].filter(Boolean);
  return `\nLoad into ${target}${result.interrupted ? ' (interrupted)' : ''}\n${line(head)}\n${body.map(line).join('\n')}\n${notes.map((n) => `${n}\n`).join('')}`;
}
