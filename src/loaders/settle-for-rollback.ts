import type { Journal } from '../journal/journal.js';
import type { SonarClient } from '../sonar/client.js';
import type { StagedRecords } from '../store/staged-records.js';
import { AimdLimiter } from './concurrency.js';
import { FatalLoadError } from './load-errors.js';
import { LoadIndex } from './load-index.js';
import { defaultHeartbeatMs, type QuietWait } from './quiet-period.js';
import type { ReferenceData } from './reference-data.js';
import { RunState } from './run-state.js';
import { type SettleResult, settleInFlight } from './settle.js';
import { steps as defaultSteps } from './steps.js';
import type { Step } from './types.js';

/** What settleForRollback needs: the load's own inputs, without sending anything but lookups. */
export interface SettleForRollbackOptions {
  client: SonarClient;
  journal: Journal;
  staged: StagedRecords;
  reference: ReferenceData;
  /** As for `load` (see quiet-period.ts). */
  quietMs: number;
  steps?: readonly Step[];
  concurrency?: number;
  heartbeatMs?: number;
  signal?: AbortSignal;
  onWait?(wait: QuietWait): void;
}

/**
 * Settles what a load left in flight so rollback can delete it: the same settling `load` does first
 * (quiet period, then two lookups), found records journaled loaded — rollback then deletes them —
 * and absent ones journaled failed (nothing to delete). Nothing is created. Rejects with the
 * SonarApiError when Sonar refuses the credentials.
 */
export async function settleForRollback(options: SettleForRollbackOptions): Promise<SettleResult> {
  const steps = options.steps ?? defaultSteps;
  const index = new LoadIndex(options.staged, steps);
  const limiter = new AimdLimiter({ max: Math.max(1, options.concurrency ?? 8) });
  const run = new RunState(options.client, options.journal, options.reference, index, limiter, {
    retryFailed: false,
    foldNextBillDates: false,
    // Nothing is sent while settling: the setting only shapes bodies that are never built here.
    prorate: false,
    maxSends: 1,
    quietMs: options.quietMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    return await settleInFlight(run, options.staged, steps, {
      heartbeatMs: options.heartbeatMs ?? defaultHeartbeatMs,
      ...(options.onWait ? { onWait: options.onWait } : {}),
    });
  } catch (err) {
    if (err instanceof FatalLoadError) throw err.cause;
    throw err;
  }
}
