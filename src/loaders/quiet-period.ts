import type { JournalEntry, JournalRun } from '../journal/journal.js';
import { defaultSleep } from '../sonar/retry.js';

/**
 * How long a write whose answer was lost is left alone before it is looked up (default 2 minutes).
 * Sonar v1 has no idempotency keys: a request the client gave up on (timeout, dropped connection)
 * may still be running on Sonar's side, and a lookup made then finds nothing, so the record would
 * be sent again and land twice. The quiet period must be longer than the longest time Sonar may
 * take to finish a request (PHP's and the proxy's own time limits, typically 30–60 s); the README's
 * reliability section gives the reasoning.
 */
export const defaultQuietPeriodMs = 120_000;

/** How often a running load records that it is alive (journal_runs.alive_at). */
export const defaultHeartbeatMs = 5_000;

/** Told while a wait for the quiet period runs: once at the start, then about every second. */
export interface QuietWait {
  /** Records waiting to be looked up. */
  records: number;
  /** Until the lookups start. */
  remainingMs: number;
}

/**
 * When the last request of an in-flight record may have left: its in-flight mark, or later when
 * the run that marked it went on sending (a retry after a transient failure, a request queued for a
 * slot). A run that finished sent nothing after `finishedAt`; one that was killed, nothing after its
 * last heartbeat plus one interval.
 */
export function lastAttemptMs(entry: JournalEntry, runs: readonly JournalRun[], heartbeatMs: number): number {
  const marked = Date.parse(entry.updatedAt);
  // The run that wrote the mark: the latest load that started at or before it.
  const run = [...runs].reverse().find((r) => r.command === 'load' && r.startedAt <= entry.updatedAt);
  if (!run) return marked;
  if (run.finishedAt !== null) return Math.max(marked, Date.parse(run.finishedAt));
  return Math.max(marked, Date.parse(run.aliveAt ?? run.startedAt) + heartbeatMs);
}

/**
 * Waits until `untilMs` (epoch ms), telling `onWait` about once a second. Resolves true once the
 * time has come, false when `signal` aborted first (the records then stay in flight).
 */
export async function waitUntil(
  untilMs: number,
  records: number,
  options: { signal?: AbortSignal; onWait?: (wait: QuietWait) => void },
): Promise<boolean> {
  const { signal, onWait } = options;
  if (signal?.aborted) return false;
  if (untilMs <= Date.now()) return true;
  const tell = () => onWait?.({ records, remainingMs: Math.max(0, untilMs - Date.now()) });
  const ticker = onWait ? setInterval(tell, 1_000) : undefined;
  tell();
  try {
    // The retry sleep: one abort listener per signal however many records wait at once.
    await defaultSleep(untilMs - Date.now(), signal);
    return true;
  } catch {
    return false;
  } finally {
    clearInterval(ticker);
  }
}
