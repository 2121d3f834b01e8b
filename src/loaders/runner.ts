import pLimit from 'p-limit';
import type { StepName } from '../ground/types.js';
import type { RunnerJournal } from '../journal/journal.js';
import type { SonarClient } from '../sonar/client.js';
import type { StagedRecords } from '../store/staged-records.js';
import { AimdLimiter, type Traffic } from './concurrency.js';
import { reportDuplicates } from './duplicates.js';
import { FatalLoadError } from './load-errors.js';
import { accountOrder, buildLoadIndex, recordsOf } from './load-index.js';
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
  const index = buildLoadIndex(options.staged, steps, { only: options.only, accounts: options.accounts });
  const limiter = options.limiter ?? new AimdLimiter({ max: concurrency });
  const inProgress = concurrency * Math.max(1, options.inProgressPerSlot ?? TASKS_PER_SLOT);
  const run = new RunState(options.client, options.journal, options.reference, index, limiter, {
    retryFailed: options.retryFailed === true,
    foldNextBillDates: options.only === undefined,
    prorate: options.prorate === true,
    maxSends: options.maxSends ?? 3,
    quietMs: Math.max(0, options.quietMs ?? defaultQuietPeriodMs),
    signal: options.signal,
    onProgress: options.onProgress,
  });
  for (const step of steps) run.tally(step.name);
  const session = options.journal.beginRun('load');
  const runId = session.runId;
  const heartbeatMs = Math.max(1, options.heartbeatMs ?? defaultHeartbeatMs);
  const heartbeat = setInterval(() => {
    try {
      session.touch();
    } catch {
      // A missed beat only makes a later resume wait a little longer. A busy state file (another
      // reader, e.g. `status`) passes; a lasting fault (full disk) surfaces at the next mark.
    }
  }, heartbeatMs);
  heartbeat.unref();
  let fatal: LoadResult['fatal'];
  let settled: SettleResult = { found: 0, absent: 0, unsettled: 0 };
  try {
    try {
      settled = await settleInFlight(run, options.staged, steps, {
        heartbeatMs,
        ...(options.onQuietWait ? { onWait: options.onQuietWait } : {}),
      });
      // After settling (which may count down the quiet period on the terminal), before any create.
      options.onStart?.(index.totals);
      for (const step of steps.filter((s) => s.scope === 'global')) {
        const records = index.global.get(step.name) ?? [];
        if (step.batch) await loadBatchedStep(run, step, records);
        else await loadAll(run, step, records, inProgress);
      }
      await loadAccounts(
        run,
        steps.filter((s) => s.scope === 'account'),
        inProgress,
      );
      await run.commitsLanded();
      await reportDuplicates(run);
    } catch (err) {
      if (!(err instanceof FatalLoadError)) {
        session.finish({ interrupted: true });
        throw err;
      }
      fatal = { code: err.cause.code, message: err.cause.message };
    }
    const interrupted = run.aborted || fatal !== undefined;
    session.finish({ interrupted });
    // After a fatal error, records answered before it are counted once their commit (just made) lands.
    if (fatal) await run.commitsLanded();
  } finally {
    clearInterval(heartbeat);
    await session.close();
  }
  return {
    runId,
    settled,
    steps: steps.map((s) => ({ step: s.name, ...run.tally(s.name) })),
    interrupted: run.aborted,
    ...(fatal ? { fatal } : {}),
    traffic: { ...limiter.traffic(), slots: concurrency },
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

async function loadAll(
  run: RunState,
  step: Step,
  records: ReturnType<typeof recordsOf>,
  concurrency: number,
) {
  const limit = pLimit(concurrency);
  await Promise.all(
    records.map((record) =>
      limit(async () => {
        if (!run.aborted) await loadRecord(run, step, record);
      }),
    ),
  );
}

/**
 * One task per account, queued children first: p-limit starts tasks in queue order, so when a
 * parent starts, each of its sub-accounts is running or done, and the parent waits only for their
 * account record — never for a queued task (no deadlock at any concurrency).
 */
async function loadAccounts(run: RunState, steps: readonly Step[], concurrency: number): Promise<void> {
  const limit = pLimit(concurrency);
  const accountDone = new Map<string, Promise<void>>();
  const signals = new Map<string, () => void>();
  const order = accountOrder(run.index);
  for (const key of order) {
    accountDone.set(key, new Promise<void>((resolve) => signals.set(key, resolve)));
  }
  let fatal: unknown;
  const tasks = order.map((key) =>
    limit(async () => {
      try {
        if (run.aborted || fatal) return;
        for (const step of steps) {
          const records = recordsOf(run.index, key, step.name);
          if (step.holdsAccounts) {
            const account = records[0];
            const children = account ? (step.childrenOf?.(account) ?? []) : [];
            await Promise.all(children.map((child) => accountDone.get(child)));
          }
          for (const record of records) {
            if (run.aborted || fatal) return;
            await loadRecord(run, step, record);
          }
          if (step.holdsAccounts) signals.get(key)?.();
        }
      } catch (err) {
        fatal ??= err;
      } finally {
        signals.get(key)?.();
      }
    }),
  );
  await Promise.all(tasks);
  if (fatal) throw fatal;
}
