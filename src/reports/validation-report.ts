import { errorCodes } from '../errors/index.js';
import type { RowRejection, StepName } from '../ground/types.js';
import { redactSecrets } from '../sonar/redact.js';
import type { StagedRecords } from '../store/staged-records.js';
import type { CrossCheckSummary } from '../validate/cross-checks.js';
import type { StageResult } from '../validate/stage-inputs.js';
import { ReportFile } from './report-file.js';

/** Counts of one input after validation: rows read, rows valid, rows with at least one problem. */
export interface InputValidation {
  input: StepName;
  file: string;
  read: number;
  valid: number;
  rejected: number;
  /** Problems found (a rejected row may have several). */
  problems: number;
  /** The input could not be read to its end (counts cover the rows before that). */
  error: { code: string; message: string } | null;
}

/** What `validate` found: the data of validation.json, the summary table and `--json`. */
export interface ValidationReport {
  generatedAt: string;
  /** The configuration file validated. */
  config: string;
  profile: string;
  /** True when every row of every input is valid and every input was read to its end. */
  ok: boolean;
  inputs: InputValidation[];
  totals: { read: number; valid: number; rejected: number; problems: number };
  /** Problems per error code. */
  byCode: Record<string, number>;
  /** Checks that could not run (an input they need is not configured), and why. */
  notes: string[];
}

/** A rejection as validation.json lists it: where, what and what to do — never the row's cells. */
export interface ReportedRejection {
  input: StepName;
  file: string;
  sheet: string | null;
  row: number;
  column: string | null;
  legacyKey: string | null;
  code: string;
  message: string;
}

/** Builds the report from the staging pass, the cross-file checks and the staging tables. */
export function summarizeValidation(
  stage: StageResult,
  checks: CrossCheckSummary,
  staged: StagedRecords,
  meta: { config: string; profile: string; now?: () => Date },
): ValidationReport {
  const rejected = new Map(staged.rejectionCounts().map((c) => [c.input, c]));
  const inputs = stage.inputs.map((s): InputValidation => {
    const counts = rejected.get(s.input);
    const rows = counts?.rows ?? 0;
    return {
      input: s.input,
      file: s.file,
      read: s.read,
      valid: Math.max(0, s.read - rows),
      rejected: rows,
      problems: counts?.problems ?? 0,
      error: s.error ?? null,
    };
  });
  const totals = { read: 0, valid: 0, rejected: 0, problems: 0 };
  for (const i of inputs) {
    totals.read += i.read;
    totals.valid += i.valid;
    totals.rejected += i.rejected;
    totals.problems += i.problems;
  }
  return {
    generatedAt: (meta.now?.() ?? new Date()).toISOString(),
    config: meta.config,
    profile: meta.profile,
    ok: totals.problems === 0 && stage.sourceErrors.length === 0,
    inputs,
    totals,
    byCode: staged.rejectionCodeCounts(),
    notes: checks.notes,
  };
}

/** A rejection as validation.json lists it. */
export function reportedRejection(rejection: RowRejection): ReportedRejection {
  const p = rejection.source.provenance;
  return {
    input: rejection.source.input,
    file: p.file,
    sheet: p.sheet ?? null,
    row: p.row,
    column: p.column ?? null,
    legacyKey: p.legacyKey ?? null,
    code: rejection.code,
    message: redactSecrets(rejection.message),
  };
}

/**
 * Writes the report as JSON with every rejection, streamed one per line through `write` (a file
 * or stdout), so a million rejections never make one string.
 */
export function streamValidationJson(
  report: ValidationReport,
  staged: StagedRecords,
  write: (chunk: string) => void,
): void {
  const head = JSON.stringify(report, null, 2);
  write(`${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "rejections": [`);
  let first = true;
  let chunk = '';
  for (const rejection of staged.rejections()) {
    chunk += `${first ? '\n' : ',\n'}    ${JSON.stringify(reportedRejection(rejection))}`;
    first = false;
    if (chunk.length > 64_000) {
      write(chunk);
      chunk = '';
    }
  }
  write(`${chunk}${first ? '' : '\n  '}]\n}\n`);
}

/** Writes validation.json at `path` (creating its folder). */
export function writeValidationJson(report: ValidationReport, staged: StagedRecords, path: string): void {
  const file = new ReportFile(path);
  streamValidationJson(report, staged, (chunk) => file.write(chunk));
  file.commit();
}

/** How many rejection messages the summary prints before pointing at the reports. */
const SHOWN_MESSAGES = 10;

/**
 * The summary printed by `validate`: one line per input (read, valid, rejected), totals, problems
 * by code with their advice, the first few messages, and where the reports are.
 */
export function formatValidationTable(
  report: ValidationReport,
  staged: StagedRecords,
  where: { reportsDir: string; files: string[] },
): string {
  const rows = [
    ['input', 'file', 'read', 'valid', 'rejected'],
    ...report.inputs.map((i) => [i.input, i.file, ...[i.read, i.valid, i.rejected].map(grouped)]),
    ['total', '', ...[report.totals.read, report.totals.valid, report.totals.rejected].map(grouped)],
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [`Validation of ${report.config} (profile ${report.profile})`, ''];
  out.push(...rows.slice(0, -1).map(line), line(widths.map((w) => '-'.repeat(w))), line(rows.at(-1) ?? []));
  for (const input of report.inputs.filter((i) => i.error)) {
    out.push('', `error ${input.error?.code}: ${input.error?.message}`);
  }
  const codes = Object.entries(report.byCode);
  if (codes.length > 0) {
    out.push('', 'Problems by code:');
    const codeWidth = Math.max(...codes.map(([code]) => code.length));
    for (const [code, n] of codes) {
      const advice = errorCodes[code as keyof typeof errorCodes] ?? '';
      out.push(`  ${code.padEnd(codeWidth)}  ${grouped(n).padStart(7)}  ${advice}`);
    }
    out.push('', 'First problems:');
    let shown = 0;
    for (const rejection of staged.rejections()) {
      if (shown === SHOWN_MESSAGES) break;
      out.push(`  ${rejection.code}: ${rejection.message}`);
      shown += 1;
    }
    if (report.totals.problems > shown) out.push(`  … and ${grouped(report.totals.problems - shown)} more.`);
  }
  for (const note of report.notes) out.push('', `note: ${note}`);
  out.push('');
  if (where.files.length > 0) {
    out.push(
      `Rejected rows: ${where.files.join(', ')}`,
      'A row with several problems appears once per problem: keep one copy when you fix it.',
    );
  }
  out.push(`Every problem: ${where.reportsDir}/validation.json`);
  out.push(
    report.ok
      ? 'Every row is valid.'
      : `${grouped(report.totals.rejected)} of ${grouped(report.totals.read)} rows rejected.`,
  );
  out.push(
    report.ok
      ? `Next: \`sonar-migrate plan --config ${report.config}\` against the target Sonar (read-only).`
      : `Next: copy each rejected CSV out of ${where.reportsDir}/, fix its cells, add it after the export in its input (e.g. "accounts": ["accounts.csv", "fixed/accounts.csv"]) and run \`sonar-migrate validate --config ${report.config}\` again (README: "Fix and refeed"); or leave those rows behind and run \`sonar-migrate plan --config ${report.config}\`.`,
  );
  return `${out.join('\n')}\n`;
}

function grouped(n: number): string {
  return n.toLocaleString('en-US');
}
