import { join } from 'node:path';
import type { MigrationPlan, PlanProblem, StepPlan } from '../loaders/plan.js';
import { writeAtomically } from './load-report.js';

const COLUMNS: Array<{ key: keyof Omit<StepPlan, 'step'>; label: string }> = [
  { key: 'create', label: 'to create' },
  { key: 'adopt', label: 'adopt' },
  { key: 'lookup', label: 'look up' },
  { key: 'done', label: 'done' },
  { key: 'update', label: 'to update' },
  { key: 'replace', label: 'to replace' },
  { key: 'removed', label: 'removed in source' },
  { key: 'conflict', label: 'conflicts' },
  { key: 'rejected', label: 'rejected' },
  { key: 'blocked', label: 'blocked' },
];

const deltaColumns = new Set<keyof StepPlan>(['update', 'replace', 'removed']);

/** The legend printed under the plan table: what each column means for the load. */
export const planLegend = [
  'to create: new in Sonar.',
  'adopt: already in Sonar with the same identity; journaled as loaded, never sent, never rolled back.',
  'look up: on an account already in Sonar (or left in flight): load looks it up by content before creating it.',
  'done: already loaded by this journal.',
  'to update: loaded by this journal and changed in the source since (shown only when there are some).',
  'to replace: changed as no update endpoint carries (a new card, a DID moved): deleted, then created (shown only when there are some).',
  'removed in source: loaded by this journal and no longer in the source; never deleted (shown only when there are some).',
  'conflicts: clash with a different record in Sonar; load refuses to start until they are resolved.',
  'rejected: rows validation rejects, or names/ids this Sonar does not have.',
  'blocked: waits on an account that is rejected or in conflict.',
  'Counts are records (what load sends); validate counts rows: one row may give several records.',
];

/** The per-step plan as a plain-text table with a total line (steps with nothing left out). */
export function formatPlanTable(plan: MigrationPlan): string {
  const shown = plan.steps.filter((s) => COLUMNS.some((c) => s[c.key] > 0));
  if (shown.length === 0) return 'Nothing to load: no input is configured, or every row was rejected.\n';
  const total = (key: keyof Omit<StepPlan, 'step'>) => plan.steps.reduce((n, s) => n + s[key], 0);
  // Delta columns only once something was loaded and changed or removed since (issue 16).
  const columns = COLUMNS.filter((c) => !deltaColumns.has(c.key) || total(c.key) > 0);
  const rows = [
    ['step', ...columns.map((c) => c.label)],
    ...shown.map((s) => [s.step, ...columns.map((c) => String(s[c.key]))]),
    ['total', ...columns.map((c) => String(total(c.key)))],
  ];
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = rows.map(line);
  return `${[body[0], rule, ...body.slice(1, -1), rule, body.at(-1)].join('\n')}\n`;
}

/** The first `limit` problems as lines, and how many more there are. */
export function formatProblems(title: string, problems: PlanProblem[], limit = 20): string {
  if (problems.length === 0) return '';
  const lines = problems.slice(0, limit).map((p) => `  ${p.code} ${p.message}`);
  const more = problems.length > limit ? [`  … and ${problems.length - limit} more (see plan.json)`] : [];
  return `\n${title} (${problems.length}):\n${[...lines, ...more].join('\n')}\n`;
}

/** What plan.json holds besides the plan itself. */
export interface PlanReportMeta {
  generatedAt: string;
  /** The Sonar instance planned against (no credentials). */
  target: string;
  config: string;
  profile: string;
}

/** Writes `<reports>/plan.json` (the plan with its counts and every conflict and rejection); returns its path. */
export function writePlanJson(dir: string, plan: MigrationPlan, meta: PlanReportMeta): string {
  const path = join(dir, 'plan.json');
  const ok = plan.conflicts.length === 0;
  writeAtomically(path, `${JSON.stringify({ ...meta, ok, ...plan }, null, 2)}\n`);
  return path;
}

/** The money setting in force, as plan and load print it (doc ~10867, ~1078). */
export function prorateSetting(prorate: boolean): string {
  return prorate
    ? 'prorate: true — added services and bill-day changes are prorated (the config says "prorate": true)'
    : 'prorate: false — added services and bill-day changes are not prorated (set "prorate": true in the config to prorate)';
}

/**
 * What changed since the journal loaded it: per step the fields edited (with how many records),
 * then the first `limit` records the source no longer has. Empty when nothing changed.
 */
export function formatDelta(plan: MigrationPlan, limit = 20): string {
  const lines: string[] = [];
  for (const s of plan.steps) {
    const fields = plan.updatedFields[s.step];
    if (!fields || s.update + s.replace === 0) continue;
    const list = Object.entries(fields)
      .map(([field, n]) => `${field} (${n})`)
      .join(', ');
    const what = [s.update > 0 ? `${s.update} to update` : '', s.replace > 0 ? `${s.replace} to replace` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${s.step}: ${what} — ${list}`);
  }
  const changed = lines.length > 0 ? `\nChanged in the source since loaded:\n${lines.join('\n')}\n` : '';
  if (plan.removals.length === 0) return changed;
  const removed = plan.removals
    .slice(0, limit)
    .map((r) => `  ${r.step} ${r.legacyKey} (Sonar id ${r.sonarId ?? 'none'})`);
  const more =
    plan.removals.length > limit ? [`  … and ${plan.removals.length - limit} more (see plan.json)`] : [];
  return `${changed}\nRemoved in the source (${plan.removals.length}) — loaded earlier, no longer in the input; load leaves them in Sonar unless given --apply-removals:\n${[...removed, ...more].join('\n')}\n`;
}
