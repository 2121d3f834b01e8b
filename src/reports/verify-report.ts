import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { redactSecrets } from '../sonar/redact.js';
import { neutraliseCell } from '../sources/index.js';
import type { StateDb } from '../store/database.js';
import type { Difference } from '../verify/differences.js';
import { dollars, sumTallies, totalDifferences, type VerifyTotals } from '../verify/totals.js';
import { hasVerifyTables, type RecordNames, VerifyProgress } from '../verify/verify-progress.js';
import { ReportFile } from './report-file.js';
import { escapeHtml } from './summary-html.js';

/** Columns of verify.csv. */
export const verifyCsvColumns = ['legacy_key', 'sonar_id', 'step', 'field', 'expected', 'found'] as const;

/** What verify found, for the CLI and the Verify section of summary.html. */
export interface VerifyReport {
  /** Accounts verified. */
  accounts: number;
  /** Field differences of records, and of the legacy totals. */
  differences: number;
  totals: VerifyTotals;
  names: RecordNames;
  /** The first differences, for the page and the terminal. */
  sample: Difference[];
}

const SAMPLE = 20;
const BATCH = 1_000;

/** Reads verify's results from the state file, or undefined when no verify ran on it. */
export function readVerifyReport(db: StateDb): VerifyReport | undefined {
  if (!hasVerifyTables(db)) return undefined;
  const progress = new VerifyProgress(db);
  const totals = sumTallies(progress.tallies());
  const names = progress.names();
  let differences = 0;
  const sample: Difference[] = [];
  for (const d of allDifferences(progress, totals, names)) {
    differences += 1;
    if (sample.length < SAMPLE) sample.push(d);
  }
  return { accounts: totals.accounts, differences, totals, names, sample };
}

/**
 * Writes `verify.csv` into `dir` (legacy key, Sonar id, step, field, expected, found): private,
 * written whole or not at all, every cell scrubbed of known secrets and neutralised against formula
 * injection. Returns its path.
 */
export function writeVerifyCsv(dir: string, db: StateDb): string {
  const progress = new VerifyProgress(db);
  const path = join(dir, 'verify.csv');
  const file = new ReportFile(path);
  file.write('\uFEFF');
  let batch: string[][] = [[...verifyCsvColumns]];
  const flush = () => {
    file.write(stringify(batch.map((row) => row.map((cell) => neutraliseCell(redactSecrets(cell))))));
    batch = [];
  };
  const totals = sumTallies(progress.tallies());
  for (const d of allDifferences(progress, totals, progress.names())) {
    batch.push([d.legacyKey, d.sonarId, d.step, d.field, d.expected, d.found]);
    if (batch.length >= BATCH) flush();
  }
  flush();
  file.commit();
  return path;
}

function* allDifferences(progress: VerifyProgress, totals: VerifyTotals, names: RecordNames) {
  yield* progress.differences();
  yield* totalDifferences(totals, names);
}

/** The Verify section of summary.html: the verdict, the legacy totals and the first differences. */
export function renderVerifySection(report: VerifyReport): string {
  const { totals, names } = report;
  const verdict =
    report.differences === 0
      ? `<span class="verdict ok">Sonar holds what the source holds: ${report.accounts} account(s) verified, no difference</span>`
      : `<span class="verdict bad">${report.differences} difference(s) between Sonar and the source</span>`;
  const row = (label: string, expected: string, found: string) =>
    `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(expected)}</td><td class="num${expected === found ? '' : ' alert'}">${escapeHtml(found)}</td></tr>`;
  const rows = [
    ...Object.entries(totals.statuses).map(([id, c]) =>
      row(`Accounts with status ${names.statuses[id] ?? `#${id}`}`, String(c.expected), String(c.found)),
    ),
    ...Object.entries(totals.plans).map(([id, c]) =>
      row(`Quantity of ${names.services[id] ?? `#${id}`}`, String(c.expected), String(c.found)),
    ),
    row('Monthly recurring revenue', dollars(totals.mrrExpectedCents), dollars(totals.mrrFoundCents)),
  ];
  const sample = report.sample.map(
    (d) =>
      `<tr>${[d.legacyKey, d.sonarId, d.step, d.field, d.expected, d.found].map((c) => `<td>${escapeHtml(redactSecrets(c))}</td>`).join('')}</tr>`,
  );
  return [
    '<h2>Verify</h2>',
    `<p>${verdict}</p>`,
    '<table><thead><tr><th>Legacy total</th><th>Source</th><th>Sonar</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
    ...(sample.length > 0
      ? [
          `<p>The first ${sample.length} of ${report.differences} difference(s); all are in <code>verify.csv</code>.</p>`,
          '<table><thead><tr><th>Legacy key</th><th>Sonar id</th><th>Step</th><th>Field</th><th>Expected</th><th>Found</th></tr></thead><tbody>',
          ...sample,
          '</tbody></table>',
        ]
      : []),
  ].join('\n');
}
