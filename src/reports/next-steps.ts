import type { StepName } from '../ground/types.js';

/** One step's outcome as the closing lines of `load` need it. */
export interface StepOutcome {
  step: StepName;
  failed: number;
  skipped: number;
  unsettled: number;
  duplicates: number;
}

/** What `formatLoadNextSteps` says the next move from. */
export interface LoadNextStepsInput {
  /** The `--config` value as the operator typed it: the next command repeats it. */
  configFlag: string;
  /** The reports folder, as shown to the operator (relative to where they run the tool). */
  reportsDir: string;
  steps: readonly StepOutcome[];
  /**
   * Records this run did not send because an earlier run failed them for a reason sending again
   * would not fix (a 422, say): a plain re-run leaves them, `--retry-failed` sends them.
   */
  failedBefore: number;
  /** Rows validation rejected, per input (never staged, so never loaded). */
  rejectedRows: ReadonlyArray<{ input: StepName; rows: number }>;
  /** Report file names written in `reportsDir` (e.g. `contacts.failed.csv`). */
  files: ReadonlySet<string>;
}

/**
 * The closing lines of a load: what was not loaded and which file holds it, where the legacy key →
 * Sonar id map is, and the one command to run next. Pure text, so the CLI and tests share it.
 */
export function formatLoadNextSteps(input: LoadNextStepsInput): string {
  const { reportsDir: dir, configFlag } = input;
  const lines: string[] = [];
  const at = (file: string) => `${dir}/${file}`;
  const failedFiles = input.steps
    .filter((s) => s.failed + s.skipped + s.duplicates > 0)
    .map((s) => `${s.step}.failed.csv`)
    .filter((f) => input.files.has(f))
    .map(at);
  const failed = sum(input.steps, (s) => s.failed);
  const skipped = sum(input.steps, (s) => s.skipped);
  const unsettled = sum(input.steps, (s) => s.unsettled);
  const duplicates = sum(input.steps, (s) => s.duplicates);
  const rejected = sum(input.rejectedRows, (r) => r.rows);
  if (failed + skipped > 0) {
    lines.push(
      `Not loaded: ${failed} failed, ${skipped} skipped (what they need failed) — ${failedFiles.join(', ') || 'see summary.html'}: each row as given, with _code and _error saying why.`,
    );
  }
  if (input.failedBefore > 0) {
    lines.push(
      `Of the failed, ${input.failedBefore} failed in an earlier run for a reason sending again would not fix, so this run did not send them: fix the cause, then use --retry-failed.`,
    );
  }
  if (rejected > 0) {
    const files = input.rejectedRows
      .filter((r) => input.files.has(`${r.input}.rejected.csv`))
      .map((r) => at(`${r.input}.rejected.csv`));
    lines.push(
      `Rejected by validation (never sent): ${rejected} row(s) — ${files.join(', ') || 'run validate to list them'}: fix the cells, add the file to its input in the migration file, and run \`sonar-migrate validate --config ${configFlag}\` (README: "Fix and refeed").`,
    );
  }
  if (input.files.has('accounts.loaded.csv'))
    lines.push(`Legacy key → Sonar id: ${at('accounts.loaded.csv')} (and one <step>.loaded.csv per step).`);
  lines.push(
    `Summary: ${at('summary.html')} (the same counts as \`sonar-migrate status --config ${configFlag}\`).`,
  );
  lines.push(`Next: ${nextCommand({ failed, skipped, unsettled, duplicates, rejected, configFlag })}`);
  return `${lines.join('\n')}\n`;
}

function nextCommand(o: {
  failed: number;
  skipped: number;
  unsettled: number;
  duplicates: number;
  rejected: number;
  configFlag: string;
}): string {
  const load = `sonar-migrate load --config ${o.configFlag}`;
  if (o.unsettled > 0)
    return `\`${load}\` again: it looks up the ${o.unsettled} record(s) still in flight before sending anything.`;
  if (o.duplicates > 0)
    return `delete the second copies listed in the failed file(s) in Sonar by hand (SONAR_DUPLICATE), then \`sonar-migrate status --config ${o.configFlag}\`.`;
  if (o.failed + o.skipped > 0)
    return `fix what _error says (in Sonar or in the input), then \`${load} --retry-failed\`.`;
  if (o.rejected > 0)
    return 'fix and refeed the rejected rows, then load again: what is loaded is not sent twice.';
  return `nothing — every staged record is in Sonar. \`sonar-migrate status --config ${o.configFlag}\` shows the journal.`;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  return items.reduce((n, item) => n + of(item), 0);
}
