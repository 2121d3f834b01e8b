import pLimit from 'p-limit';
import type { SonarClient } from '../sonar/client.js';
import type { Journal } from '../staging/journal.js';
import type { StagedRecords } from '../staging/staged-records.js';
import type { StepName } from '../staging/types.js';
import { AimdLimiter } from './concurrency.js';
import { accountOrder, buildLoadIndex, recordsOf } from './load-index.js';
import type { ReferenceData } from './reference-data.js';
import { type LoadProgress, RunState, type StepTally } from './run-state.js';
import { loadBatchedStep } from './send-batch.js';
import { FatalLoadError, loadRecord } from './send-record.js';
import { type SettleResult, settleInFlight } from './settle.js';
import { steps as defaultSteps } from './steps.js';
import type { Step } from './types.js';

export type { LoadProgress, StepTally } from './run-state.js';

/** What runLoad needs: where to read, where to write, and how far to go. */
export interface LoadOptions {
  client: SonarClient;
  journal: Journal;
  staged: StagedRecords;
  reference: ReferenceData;
  /** Default: every step, in load order. */
  steps?: readonly Step[];
  /** Accounts loaded at once (default 8). */
  concurrency?: number;
  /** Requests in flight, adapted on 429 (default: an AimdLimiter of `concurrency`). */
  limiter?: AimdLimiter;
  /** Only these steps send anything (in-flight records of every step are still settled). */
  only?: readonly StepName[];
  /** Only these legacy account numbers. */
  accounts?: ReadonlySet<string>;
  /** Send failed records again (a plain run re-sends only transient and uncertain failures). */
  retryFailed?: boolean;
  /** Sends of one record per run when answers keep getting lost (default 3). */
  maxSends?: number;
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
  const run = new RunState(options.client, options.journal, options.reference, index, limiter, {
    retryFailed: options.retryFailed === true,
    foldNextBillDates: options.only === undefined,
    maxSends: options.maxSends ?? 3,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  for (const step of steps) run.tally(step.name);
  options.onStart?.(index.totals);
  const runId = options.journal.startRun('load');
  let fatal: LoadResult['fatal'];
  let settled: SettleResult = { found: 0, absent: 0, unsettled: 0 };
  try {
    settled = await settleInFlight(run, options.staged, steps);
    for (const step of steps.filter((s) => s.scope === 'global')) {
      const records = index.global.get(step.name) ?? [];
      if (step.batch) await loadBatchedStep(run, step, records);
      else await loadAll(run, step, records, concurrency);
    }
    await loadAccounts(
      run,
      steps.filter((s) => s.scope === 'account'),
      concurrency,
    );
    await run.commitsLanded();
  } catch (err) {
    if (!(err instanceof FatalLoadError)) {
      options.journal.finishRun(runId, { interrupted: true });
      throw err;
    }
    fatal = { code: err.cause.code, message: err.cause.message };
  }
  const interrupted = run.aborted || fatal !== undefined;
  options.journal.finishRun(runId, { interrupted });
  // After a fatal error, records answered before it are counted once their commit (just made) lands.
  if (fatal) await run.commitsLanded();
  return {
    runId,
    settled,
    steps: steps.map((s) => ({ step: s.name, ...run.tally(s.name) })),
    interrupted: run.aborted,
    ...(fatal ? { fatal } : {}),
  };
}

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
          if (step.name === 'accounts') {
            const children = records[0]?.refs.filter((r) => r.lookup === 'accounts').map((r) => r.name) ?? [];
            await Promise.all(children.map((child) => accountDone.get(child)));
          }
          for (const record of records) {
            if (run.aborted || fatal) return;
            await loadRecord(run, step, record);
          }
          if (step.name === 'accounts') signals.get(key)?.();
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
