import { type StepCounts, sumCounts } from './load-summary.js';

const COLUMNS: Array<{ key: keyof Omit<StepCounts, 'step'>; label: string }> = [
  { key: 'staged', label: 'staged' },
  { key: 'rejected', label: 'rejected' },
  { key: 'pending', label: 'pending' },
  { key: 'in_flight', label: 'in flight' },
  { key: 'loaded', label: 'loaded' },
  { key: 'failed', label: 'failed' },
  { key: 'skipped', label: 'skipped' },
  { key: 'rolled_back', label: 'rolled back' },
];

/**
 * A plain-text table of counts per step and state (steps with nothing in them left out) with a
 * total line: what `status` prints. Plain text so it reads the same in a terminal and a log.
 */
export function formatStatusTable(steps: StepCounts[]): string {
  const shown = steps.filter((s) => COLUMNS.some((c) => s[c.key] > 0));
  if (shown.length === 0) return 'Nothing staged or loaded yet: run `validate`, `plan` or `load` first.\n';
  const totals = sumCounts(steps);
  const rows: string[][] = [
    ['step', ...COLUMNS.map((c) => c.label)],
    ...shown.map((s) => [s.step, ...COLUMNS.map((c) => String(s[c.key]))]),
    ['total', ...COLUMNS.map((c) => String(totals[c.key]))],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = rows.map(line);
  return `${[body[0], rule, ...body.slice(1, -1), rule, body.at(-1)].join('\n')}\n`;
}
