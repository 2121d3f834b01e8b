import { join } from 'node:path';
import type { MigrationConfig } from '../config/config.js';
import { type StepName, stepNames } from '../ground/types.js';
import { Journal } from '../journal/journal.js';
import type { Profile } from '../mappers/types.js';
import type { StateDb } from '../store/database.js';
import { StagedRecords } from '../store/staged-records.js';
import { registerStagedSecrets } from '../store/staged-secrets.js';
import { type FailedCsvInput, writeFailedCsv, writeLoadedCsv } from './load-csv.js';
import { type LoadSummary, summarizeLoad } from './load-summary.js';
import { ensureReportsDir, writeReportFile } from './report-file.js';
import { renderSummaryHtml } from './summary-html.js';
import { readVerifyReport, renderVerifySection } from './verify-report.js';

/** What writeLoadReports needs of the configuration: where reports go (an absolute directory). */
export interface LoadReportConfig {
  reports: string;
}

/** What writeLoadReports wrote. */
export interface LoadReportResult {
  /** The reports directory. */
  dir: string;
  /** Paths of every file written, in the order written. */
  files: string[];
  summary: LoadSummary;
  /** Failed/skipped entries whose staged row is gone (staging rebuilt since): not in any failed.csv. */
  unmatchedFailures: number;
}

/**
 * Writes the load reports into `config.reports`: `<step>.loaded.csv` (legacy key → Sonar id),
 * `<step>.failed.csv` (the original row + `_code,_error`, re-feedable), `summary.json` and
 * `summary.html`. `load` calls it at its end; `report` calls it on demand. Stale per-step files
 * from an earlier report are removed when the step no longer has such records.
 */
export function writeLoadReports(
  config: LoadReportConfig,
  db: StateDb,
  options: {
    /** Per input: how its failed CSV re-feeds (header names of a headerless layout, encoding). */
    inputs?: Partial<Record<StepName, FailedCsvInput>>;
    now?: () => Date;
    title?: string;
  } = {},
): LoadReportResult {
  const journal = new Journal(db);
  const staged = new StagedRecords(db);
  // A journal written by an older version may hold a message that quotes a token: scrub again.
  registerStagedSecrets(db);
  ensureReportsDir(config.reports);
  const files: string[] = [];
  let unmatchedFailures = 0;
  for (const step of stepNames) {
    const loadedPath = join(config.reports, `${step}.loaded.csv`);
    if (writeLoadedCsv(journal, step, loadedPath) > 0) files.push(loadedPath);
    const failedPath = join(config.reports, `${step}.failed.csv`);
    const failed = writeFailedCsv(journal, staged, step, failedPath, options.inputs?.[step]);
    if (failed.rows > 0) files.push(failedPath);
    unmatchedFailures += failed.unmatched;
  }
  const summary = summarizeLoad(journal, staged, options.now);
  const jsonPath = join(config.reports, 'summary.json');
  writeAtomically(jsonPath, `${JSON.stringify(summary, null, 2)}\n`);
  const htmlPath = join(config.reports, 'summary.html');
  // A verify run on this state file adds its section (verify.csv is written by verify itself).
  const verify = readVerifyReport(db);
  writeAtomically(
    htmlPath,
    renderSummaryHtml(summary, options.title, verify ? [renderVerifySection(verify)] : []),
  );
  files.push(jsonPath, htmlPath);
  return { dir: config.reports, files, summary, unmatchedFailures };
}

/** Writes a report beside its final name, synced, and renames it: a reader never sees half of it. */
export function writeAtomically(path: string, text: string): void {
  writeReportFile(path, text);
}

/**
 * Per input, how its failed CSV re-feeds — the profile's header names for a headerless layout (or
 * no header at all), and the input's encoding — the same choice validate makes for rejected CSVs.
 */
export function failedCsvInputs(
  config: Pick<MigrationConfig, 'inputs'>,
  profile: Profile,
): Partial<Record<StepName, FailedCsvInput>> {
  const inputs: Partial<Record<StepName, FailedCsvInput>> = {};
  for (const step of stepNames) {
    const header = profile.inputs[step]?.header;
    const encoding = config.inputs[step]?.encoding;
    inputs[step] = {
      ...(header === 'none' ? { headerNames: null } : {}),
      ...(typeof header === 'object' ? { headerNames: header.detect } : {}),
      ...(encoding ? { encoding } : {}),
    };
  }
  return inputs;
}
