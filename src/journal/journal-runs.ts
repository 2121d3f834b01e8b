import type { GroupCommit } from './group-commit.js';
import type { JournalRun } from './journal-entry.js';
import { now } from './journal-rows.js';
import type { JournalStatements } from './journal-statements.js';

/** The journal's run records (journal_runs): start, heartbeat, end, and the list of them. */
export class JournalRuns {
  constructor(
    private readonly statements: JournalStatements,
    private readonly group: GroupCommit,
  ) {}

  /** Records the start of a run and returns its id. */
  start(command: string): number {
    return Number(this.group.outside(() => this.statements.startRun.run(command, now())).lastInsertRowid);
  }

  /** Records the end of a run; `interrupted` when it stopped on SIGINT or a fatal error. */
  finish(runId: number, options: { interrupted: boolean }): void {
    this.group.outside(() => this.statements.finishRun.run(now(), options.interrupted ? 1 : 0, runId));
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
    }>;
    return rows.map((r) => ({
      id: r.id,
      command: r.command,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      aliveAt: r.alive_at,
      interrupted: r.interrupted === 1,
    }));
  }
}
