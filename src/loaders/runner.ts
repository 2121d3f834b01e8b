import type { StepName } from '../ground/types.js';
import type { RunnerJournal, RunOptions, RunSession } from '../journal/journal.js';
import type { SonarClient } from '../sonar/client.js';
import type { StagedRecords } from '../store/staged-records.js';
import { AimdLimiter, type Traffic } from './concurrency.js';
import { reportDuplicates } from './duplicates.js';
import { FatalLoadError } from './load-errors.js';
import { LoadIndex } from './load-index.js';
import { flatten, loadAccounts, loadAll, type RecordLoader } from './load-loops.js';
import { defaultHeartbeatMs, defaultQuietPeriodMs, type QuietWait } from './quiet-period.js';
import type { ReferenceData } from './reference-data.js';
import { type LoadProgress, RunState, type StepTally } from './run-state.js';
import { loadBatchedStep } from './send-batch.js';
import { loadRecord } from './send-record.js';
import { type SettleResult, settleInFlight } from './settle.js';
import { steps as defaultSteps } from './steps.js';
import type { Step } from './types.js';

export type { LoadProgress, StepTally } from './run-state.js';

/** What runLoad needs: where to read, where to write, and how far to go. */
export interface LoadOptions {
  client: SonarClient;
  journal: RunnerJournal;
  staged: StagedRecords;
  reference: ReferenceData;
  /** Default: every step, in load order. */
  steps?: readonly Step[];
  /** Requests in flight at most (default 8); twice as many accounts are in progress. */
  concurrency?: number;
  /**
   * Accounts (or instance-wide records) in progress per request slot (default 2): see
   * TASKS_PER_SLOT. A test that needs exactly one record in flight at a crash passes 1.
   */
  inProgressPerSlot?: number;
  /** Requests in flight, adapted on 429 (default: an AimdLimiter of `concurrency`). */
  limiter?: AimdLimiter;
  /** Only these steps send anything (in-flight records of every step are still settled). */
  only?: readonly StepName[];
  /** Only these legacy account numbers. */
  accounts?: ReadonlySet<string>;
  /** Send failed records again (a plain run re-sends only transient and uncertain failures). */
  retryFailed?: boolean;
  /**
   * Sent as `prorate` with every added service and bill-day change (default false: the old system
   * already billed these customers; doc ~10867, ~1078).
   */
  prorate?: boolean;
  /** Sends of one record per run when answers keep getting lost (default 3). */
  maxSends?: number;
  /**
   * How long after an unanswered write it is looked up (default 2 minutes): longer than Sonar may
   * take to finish a request, so a lookup never misses a write still in progress (quiet-period.ts).
   */
  quietMs?: number;
  /** How often the run records that it is alive (default 5 s), bounding a killed run's last send. */
  heartbeatMs?: number;
  /** Told while the run waits out the quiet period of records a previous run left in flight. */
  onQuietWait?(wait: QuietWait): void;
  /** Aborted on SIGINT: no new work is taken; what is in flight is settled. */
  signal?: AbortSignal;
  /** Called once records in scope are counted, before anything is sent: records per step. */
  onStart?(totals: ReadonlyMap<StepName, number>): void;
  onProgress?(progress: LoadProgress): void;
}

/** What runLoad did. */
export interface LoadResult {
  runId: number;
  settled: SettleResult;
  steps: Array<{ step: StepName } & StepTally>;
  /** Stopped by the signal before every record was taken. */
  interrupted: boolean;
  /** The run stopped on an error that affects every record (Sonar refused the credentials). */
  fatal?: { code: string; message: string };
  /** How the run's requests used their slots; `slots` is the concurrency asked for. */
  traffic: Traffic & { slots: number };
}

/**
 * Loads the staged records into Sonar exactly once, resumably: settles what a previous run left in
 * flight, then loads instance-wide steps, then the accounts — different accounts at once, each
 * account's records step by step in load order, sub-accounts before their parents.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const steps = options.steps ?? defaultSteps;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const index = new LoadIndex(options.staged, steps, { only: options.only, accounts: options.accounts });
  const limiter = options.limiter ?? new AimdLimiter({ max: concurrency });
  const run = startRunState(options, index, limiter);
  for (const step of steps) run.tally(step.name);
  const session = options.journal.beginRun('load', {
    options: runOptionsOf(options),
    rejected: rejectedRowsOf(options.staged),
  });
  const heartbeatMs = Math.max(1, options.heartbeatMs ?? defaultHeartbeatMs);
  const stopHeartbeat = startHeartbeat(session, heartbeatMs);
  let outcome: RunOutcome;
  try {
    outcome = await loadInSession(run, session, () =>
      loadEverything(run, options, { steps, heartbeatMs, concurrency }),
    );
  } finally {
    stopHeartbeat();
    await session.close();
  }
  return {
    runId: session.runId,
    settled: outcome.settled,
    steps: steps.map((s) => ({ step: s.name, ...run.tally(s.name) })),
    interrupted: run.aborted,
    ...(outcome.fatal ? { fatal: outcome.fatal } : {}),
    traffic: { ...limiter.traffic(), slots: concurrency },
  };
}

/** How the body of a run ended: what settling found, and the fatal error that stopped it, if any. */
interface RunOutcome {
  settled: SettleResult;
  fatal?: LoadResult['fatal'];
}

/** The options that change what this run sends, as the journal keeps them for the reports. */
function runOptionsOf(options: LoadOptions): RunOptions {
  const accounts = options.accounts ? [...options.accounts] : undefined;
  return {
    ...(options.only ? { only: [...options.only] } : {}),
    // The first few only: an @file may name thousands, and the report needs just enough to tell runs apart.
    ...(accounts ? { accounts: { count: accounts.length, first: accounts.slice(0, 5) } } : {}),
    ...(options.retryFailed ? { retryFailed: true } : {}),
    ...(options.prorate ? { prorate: true } : {}),
  };
}

/** Rows validation rejected (never sent): counted once per source row, as the load's summary does. */
function rejectedRowsOf(staged: StagedRecords): number {
  return staged.rejectionCounts().reduce((n, c) => n + c.rows, 0);
}

/** Records the run marked failed or skipped, over every step. */
function failuresOf(run: RunState): { failed: number; skipped: number } {
  let failed = 0;
  let skipped = 0;
  for (const tally of run.tallies.values()) {
    failed += tally.failed;
    skipped += tally.skipped;
  }
  return { failed, skipped };
}

/** The run's shared state, with the options the runner's parts read. */
function startRunState(options: LoadOptions, index: LoadIndex, limiter: AimdLimiter): RunState {
  return new RunState(options.client, options.journal, options.reference, index, limiter, {
    retryFailed: options.retryFailed === true,
    foldNextBillDates: options.only === undefined,
    prorate: options.prorate === true,
    maxSends: options.maxSends ?? 3,
    quietMs: Math.max(0, options.quietMs ?? defaultQuietPeriodMs),
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

/** Records that the run is alive every `heartbeatMs` until the returned stop is called. */
function startHeartbeat(session: RunSession, heartbeatMs: number): () => void {
  const heartbeat = setInterval(() => {
    try {
      session.touch();
    } catch {
      // A missed beat only makes a later resume wait a little longer. A busy state file (another
      // reader, e.g. `status`) passes; a lasting fault (full disk) surfaces at the next mark.
    }
  }, heartbeatMs);
  heartbeat.unref();
  return () => clearInterval(heartbeat);
}

/**
 * Runs `load` and records the end of the run: interrupted on SIGINT or on a fatal error (Sonar
 * refused the credentials), which is returned rather than thrown; any other error is rethrown.
 */
async function loadInSession(
  run: RunState,
  session: RunSession,
  load: () => Promise<SettleResult>,
): Promise<RunOutcome> {
  let fatal: LoadResult['fatal'];
  let settled: SettleResult = { found: 0, absent: 0, unsettled: 0 };
  try {
    settled = await load();
  } catch (err) {
    if (!(err instanceof FatalLoadError)) {
      session.finish({ interrupted: true });
      throw err;
    }
    fatal = { code: err.cause.code, message: err.cause.message };
  }
  const interrupted = run.aborted || fatal !== undefined;
  // After a fatal error, records answered before it are counted once their commit (just made) lands.
  if (fatal) await run.commitsLanded();
  session.finish({ interrupted, ...failuresOf(run) });
  return { settled, ...(fatal ? { fatal } : {}) };
}

/**
 * The run's work in order: settle what a previous run left in flight, the instance-wide steps,
 * the accounts, then the pending commits and the end-of-run duplicate check.
 */
async function loadEverything(
  run: RunState,
  options: LoadOptions,
  plan: { steps: readonly Step[]; heartbeatMs: number; concurrency: number },
): Promise<SettleResult> {
  const { steps, heartbeatMs } = plan;
  const inProgress = plan.concurrency * Math.max(1, options.inProgressPerSlot ?? TASKS_PER_SLOT);
  const settled = await settleInFlight(run, options.staged, steps, {
    heartbeatMs,
    ...(options.onQuietWait ? { onWait: options.onQuietWait } : {}),
  });
  // After settling (which may count down the quiet period on the terminal), before any create.
  options.onStart?.(run.index.totals);
  const loader = recordLoaderOf(run);
  for (const step of steps.filter((s) => s.scope === 'global')) {
    if (step.batch) await loadBatchedStep(run, step, run.index.globalPages(step.name));
    else await loadAll(loader, step, flatten(run.index.globalPages(step.name)), inProgress);
  }
  const accountSteps = steps.filter((s) => s.scope === 'account');
  await loadAccounts(loader, run.index, accountSteps, inProgress);
  await run.commitsLanded();
  await reportDuplicates(run);
  return settled;
}

function recordLoaderOf(run: RunState): RecordLoader {
  return {
    get aborted() {
      return run.aborted;
    },
    load: (step, record) => loadRecord(run, step, record),
    commitsLanded: () => run.commitsLanded(),
  };
}

/**
 * Accounts (or instance-wide records) in progress per request slot. Each record waits for its
 * durable in-flight mark before it takes a slot; with more in progress than slots, some record
 * always has its mark on disk and takes a slot the moment one frees, so the journal's commits
 * overlap the requests instead of adding to each account's chain. Requests in flight stay capped
 * at `concurrency` by the limiter.
 */
const TASKS_PER_SLOT = 2;
