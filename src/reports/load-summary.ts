import { type StepName, stepNames } from '../ground/types.js';
import {
  type JournalReader,
  type JournalRun,
  type JournalState,
  journalStates,
  type RunOptions,
  unsettledError,
} from '../journal/journal.js';
import { countRejectedRows } from '../loaders/plan-checks.js';
import { redactSecrets } from '../sonar/redact.js';
import type { StagedRecords } from '../store/staged-records.js';

/** Counts of one step: what staging produced and where each record stands in the journal. */
export interface StepCounts {
  step: StepName;
  /** Valid records staged for the step (rejected rows are not staged). */
  staged: number;
  /** Rows of the step's input rejected before loading (validation or plan). */
  rejected: number;
  /** Staged records the journal has never seen (never tried); rolled-back ones count as rolled_back. */
  pending: number;
  in_flight: number;
  loaded: number;
  /** Of `loaded`: found already in Sonar and adopted, not created by this journal. */
  adopted: number;
  failed: number;
  skipped: number;
  rolled_back: number;
}

/**
 * Records of one step not plainly loaded, sharing a state and an error code, with a few examples:
 * failed, skipped, in flight (unknown until the next run looks) or loaded twice (SONAR_DUPLICATE).
 */
export interface FailureGroup {
  step: StepName;
  state: 'failed' | 'skipped' | 'in_flight' | 'loaded';
  code: string;
  count: number;
  /** Up to three examples: the legacy key and the message (never a secret). */
  examples: Array<{ legacyKey: string; message: string }>;
}

/** One run of a command on the journal, with its duration when it finished. */
export interface RunSummary {
  id: number;
  command: string;
  startedAt: string;
  finishedAt: string | null;
  /** Stopped by Ctrl-C or a fatal error (resumable). */
  interrupted: boolean;
  /** null while the run is unfinished (crashed, or still running). */
  durationMs: number | null;
  /** What the run was asked to send; null for a run recorded before options were kept. */
  options: RunOptions | null;
  /** Records the run marked failed / skipped, and rows rejected by validation at its start: null when unknown. */
  failed: number | null;
  skipped: number | null;
  rejected: number | null;
}

/** Everything `status`, `report` and summary.html/summary.json show. */
export interface LoadSummary {
  generatedAt: string;
  steps: StepCounts[];
  totals: Omit<StepCounts, 'step'>;
  failures: FailureGroup[];
  runs: RunSummary[];
}

const MAX_EXAMPLES = 3;

/**
 * Summarizes the journal and the staging tables for `report`. Streams both (one pass over each
 * step's entries), so memory stays bounded by the number of failure codes, not of records.
 */
export function summarizeLoad(
  journal: JournalReader,
  staged: StagedRecords,
  now: () => Date = () => new Date(),
): LoadSummary {
  const failures = new Map<string, FailureGroup>();
  const adopted = journal.adoptedCounts();
  const steps = countLoad(journal, staged).map((counts) => {
    // Counted by SQLite; of the loaded entries only those with a problem noted are read.
    counts.adopted = adopted.get(counts.step) ?? 0;
    for (const entry of journal.flagged(counts.step)) addFailure(failures, counts.step, 'loaded', entry);
    for (const state of ['failed', 'skipped'] as const) {
      for (const entry of journal.entries(counts.step, state))
        addFailure(failures, counts.step, state, entry);
    }
    for (const entry of journal.entries(counts.step, 'in_flight'))
      addFailure(failures, counts.step, 'in_flight', { ...entry, lastError: unsettledError });
    return counts;
  });
  return {
    generatedAt: now().toISOString(),
    steps,
    totals: sumCounts(steps),
    failures: [...failures.values()].sort(
      (a, b) => stepNames.indexOf(a.step) - stepNames.indexOf(b.step) || b.count - a.count,
    ),
    runs: journal.runs().map(summarizeRun),
  };
}

/** Counts per step and state from the journal and staging only (no per-entry pass): for `status`. */
export function countLoad(journal: JournalReader, staged: StagedRecords): StepCounts[] {
  const rejectedByInput = countRejectedRows(staged);
  const validByStep = staged.validCounts();
  const stateCounts = new Map<string, number>();
  for (const { step, state, count } of journal.counts()) stateCounts.set(`${step}/${state}`, count);
  return stepNames.map((step): StepCounts => {
    const byState = Object.fromEntries(
      journalStates.map((state) => [state, stateCounts.get(`${step}/${state}`) ?? 0]),
    ) as Record<JournalState, number>;
    const stagedCount = validByStep.get(step) ?? 0;
    // A staged record is in exactly one column: pending (never tried), or its journal state —
    // rolled back included, so pending + the states add up to staged (a rolled-back record is
    // sent again by the next load, but counted once, as rolled back).
    const settled =
      byState.in_flight + byState.loaded + byState.failed + byState.skipped + byState.rolled_back;
    return {
      step,
      staged: stagedCount,
      rejected: rejectedByInput.get(step) ?? 0,
      pending: Math.max(0, stagedCount - settled),
      ...byState,
      adopted: 0,
    };
  });
}

/** Adds up the counts of every step. */
export function sumCounts(steps: StepCounts[]): Omit<StepCounts, 'step'> {
  const totals = {
    staged: 0,
    rejected: 0,
    pending: 0,
    in_flight: 0,
    loaded: 0,
    adopted: 0,
    failed: 0,
    skipped: 0,
    rolled_back: 0,
  };
  for (const s of steps)
    for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += s[key];
  return totals;
}

function addFailure(
  groups: Map<string, FailureGroup>,
  step: StepName,
  state: FailureGroup['state'],
  entry: { legacyKey: string; lastError: { code: string; message: string } | null },
): void {
  const code = entry.lastError?.code ?? 'UNKNOWN';
  const key = `${step}/${state}/${code}`;
  let group = groups.get(key);
  if (!group) {
    group = { step, state, code, count: 0, examples: [] };
    groups.set(key, group);
  }
  group.count += 1;
  if (group.examples.length < MAX_EXAMPLES) {
    group.examples.push({
      legacyKey: entry.legacyKey,
      message: redactSecrets(entry.lastError?.message ?? '(no message)'),
    });
  }
}

function summarizeRun(run: JournalRun): RunSummary {
  const start = Date.parse(run.startedAt);
  const end = run.finishedAt === null ? Number.NaN : Date.parse(run.finishedAt);
  return {
    id: run.id,
    command: run.command,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    interrupted: run.interrupted,
    options: run.options,
    failed: run.failed,
    skipped: run.skipped,
    rejected: run.rejected,
    durationMs: Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, end - start),
  };
}
