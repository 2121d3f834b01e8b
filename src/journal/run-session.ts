import type { RunEnd, RunStart } from './journal-entry.js';
import type { RunSession } from './load-journal.js';

/** What a run session is made of: the run's record, and the journal's run-long settings. */
export interface RunSessionParts {
  startRun(command: string, start?: RunStart): number;
  touchRun(runId: number): void;
  finishRun(runId: number, end: RunEnd): void;
  deferSyncs(): { restore: () => Promise<void> };
  remember(): { forget: () => void };
}

/**
 * Starts a load run (see RunSession): records it, takes the fsyncs off the thread and keeps the
 * journal's answers in memory until the session is closed.
 */
export function beginRunSession(journal: RunSessionParts, command: string, start?: RunStart): RunSession {
  const runId = journal.startRun(command, start);
  // The journal's fsyncs run off the thread for the run (each mark is still on disk before
  // anything depends on it); back to synchronous commits once the run is over, whatever ended it.
  const syncs = journal.deferSyncs();
  // Nearly every record asks the journal about itself, its account and its next bill date: the
  // answers come from memory for the run.
  const memo = journal.remember();
  return {
    runId,
    touch: () => journal.touchRun(runId),
    finish: (end) => journal.finishRun(runId, end),
    close: () => {
      memo.forget();
      return syncs.restore();
    },
  };
}
