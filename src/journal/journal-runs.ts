import type { GroupCommit } from './group-commit.js';
import type { JournalRun, RunEnd, RunOptions, RunStart } from './journal-entry.js';
import { now } from './journal-rows.js';
import type { JournalStatements } from './journal-statements.js';

/** The journal's run records (journal_runs): start, heartbeat, end, and the list of them. */
export class JournalRuns {
  constructor(
    private readonly statements: JournalStatements,
    private readonly group: GroupCommit,
  ) {}

  /** Records the start of a run and returns its id. */
  start(command: string, start: RunStart = {}): number {
    const options = start.options ? JSON.stringify(start.options) : null;
    return Number(
      this.group.outside(() => this.statements.startRun.run(command, now(), options, start.rejected ?? null))
        .lastInsertRowid,
    );
  }

  /** Records the end of a run; `interrupted` when it stopped on SIGINT or a fatal error. */
  finish(runId: number, end: RunEnd): void {
    this.group.outside(() =>
      this.statements.finishRun.run(
        now(),
        end.interrupted ? 1 : 0,
        end.failed ?? null,
        end.skipped ?? null,
        runId,
      ),
    );
  }

  /**
   * Records that a run is still alive (its heartbeat): a run killed without finishing may have
   * sent requests until its last heartbeat and one interval after, which the next run waits out.
   */
  touch(runId: number): void {
    this.group.outside(() => this.statements.touchRun.run(now(), runId));
  }

  /** Every run, oldest first. */
  list(): JournalRun[] {
    const rows = this.statements.runs.all() as Array<{
      id: number;
      command: string;
      started_at: string;
      finished_at: string | null;
      alive_at: string | null;
      interrupted: number;
      options: string | null;
      failed: number | null;
      skipped: number | null;
      rejected: number | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      command: r.command,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      aliveAt: r.alive_at,
      interrupted: r.interrupted === 1,
      options: r.options === null ? null : (JSON.parse(r.options) as RunOptions),
      failed: r.failed,
      skipped: r.skipped,
      rejected: r.rejected,
    }));
  }
}
