import { z } from 'zod';

/** One step's line of the demo's closing summary, read from `status --json`. */
export interface DemoStepRow {
  step: string;
  staged: number;
  loaded: number;
  rejected: number;
  skipped: number;
  failed: number;
}

/** What the demo reads of `status --json`: only the counts it prints (the rest may change freely). */
const statusJson = z.looseObject({
  steps: z.array(
    z.looseObject({
      step: z.string(),
      staged: z.number(),
      loaded: z.number(),
      rejected: z.number(),
      skipped: z.number(),
      failed: z.number(),
    }),
  ),
});

/** The per-step counts in the text `status --json` printed; undefined when it is not that shape. */
export function readDemoSummary(text: string): DemoStepRow[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = statusJson.safeParse(json);
  if (!parsed.success) return undefined;
  return parsed.data.steps.map(({ step, staged, loaded, rejected, skipped, failed }) => ({
    step,
    staged,
    loaded,
    rejected,
    skipped,
    failed,
  }));
}

const COLUMNS = ['staged', 'loaded', 'rejected', 'skipped', 'failed'] as const;

/** The summary table of one sample set: steps that had any row, then a total line. */
export function formatDemoSummary(rows: readonly DemoStepRow[]): string {
  const shown = rows.filter((r) => r.staged + r.rejected + r.loaded + r.skipped + r.failed > 0);
  const total: DemoStepRow = { step: 'total', staged: 0, loaded: 0, rejected: 0, skipped: 0, failed: 0 };
  for (const row of shown) for (const c of COLUMNS) total[c] += row[c];
  const cells = [...shown, total].map((r) => [r.step, ...COLUMNS.map((c) => r[c].toLocaleString('en-US'))]);
  const header = ['step', ...COLUMNS];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = cells.map(line);
  return `${[line(header), ...body.slice(0, -1), rule, body.at(-1) ?? ''].join('\n')}\n`;
}
