import type { RunOptions } from '../journal/journal.js';
import type { LoadSummary, RunSummary, StepCounts } from './load-summary.js';

/** Escapes text for HTML content and double-quoted attributes: names may hold < & > " '. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Formats a duration as `1 h 02 min`, `3 min 05 s` or `12 s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return 'unfinished';
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h} h ${pad(m)} min`;
  if (m > 0) return `${m} min ${pad(s)} s`;
  return `${s} s`;
}

// One self-contained page: inline CSS only, no scripts, fonts or images, so it opens from an email
// attachment or a file share without a network and without tripping a mail filter.
const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d2430}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
.meta{color:#5b6675;margin-top:0}
.verdict{display:inline-block;padding:.35rem .8rem;border-radius:.3rem;font-weight:600}
.ok{background:#e3f6e8;color:#17602b}.bad{background:#fde8e8;color:#8a1c1c}.warn{background:#fff4d6;color:#7a5200}
table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{border-bottom:1px solid #dde2e8;padding:.35rem .6rem;text-align:right;vertical-align:top}
th:first-child,td:first-child,td.text,th.text{text-align:left}
th{background:#f3f5f8;font-weight:600}
tr.total td{font-weight:600;border-top:2px solid #aab3bf}
td.zero{color:#aab3bf}td.alert{color:#8a1c1c;font-weight:600}
code{font-size:.9em}
`;

/**
 * Renders summary.html: counts per step, failures by reason and run durations, everything escaped;
 * `sections` (already escaped HTML, e.g. the Verify section) go at the end.
 */
export function renderSummaryHtml(
  summary: LoadSummary,
  title = 'Sonar migration report',
  sections: readonly string[] = [],
): string {
  const t = summary.totals;
  const verdict =
    t.failed + t.skipped + t.in_flight > 0
      ? `<span class="verdict bad">${t.failed + t.skipped} record(s) failed or skipped${t.in_flight > 0 ? `, ${t.in_flight} unsettled` : ''}</span>`
      : t.pending > 0
        ? `<span class="verdict warn">${t.pending} record(s) not loaded yet</span>`
        : `<span class="verdict ok">Every staged record is loaded</span>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">Generated ${escapeHtml(summary.generatedAt)} · ${t.loaded} loaded (${t.adopted} already in Sonar, adopted) · ${t.rejected} rejected before loading</p>`,
    `<p>${verdict}</p>`,
    '<h2>Records per step</h2>',
    stepsTable(summary),
    '<h2>Failures by reason</h2>',
    failuresTable(summary),
    '<h2>Runs</h2>',
    runsTable(summary.runs),
    '<p class="meta">Failed rows are listed in <code>&lt;step&gt;.failed.csv</code> beside this page: fix them and feed the file back in. Loaded records and their Sonar ids are in <code>&lt;step&gt;.loaded.csv</code>.</p>',
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}

const COLUMNS: Array<{ key: keyof Omit<StepCounts, 'step'>; label: string; alert?: boolean }> = [
  { key: 'staged', label: 'Staged' },
  { key: 'rejected', label: 'Rejected', alert: true },
  { key: 'loaded', label: 'Loaded' },
  { key: 'adopted', label: 'of which adopted' },
  { key: 'failed', label: 'Failed', alert: true },
  { key: 'skipped', label: 'Skipped', alert: true },
  { key: 'pending', label: 'Pending' },
  { key: 'in_flight', label: 'In flight', alert: true },
  { key: 'rolled_back', label: 'Rolled back' },
];

function stepsTable(summary: LoadSummary): string {
  const cell = (n: number, alert?: boolean) =>
    n === 0 ? `<td class="zero">0</td>` : alert ? `<td class="alert">${n}</td>` : `<td>${n}</td>`;
  const head = `<tr><th>Step</th>${COLUMNS.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('')}</tr>`;
  const rows = summary.steps
    .filter((s) => COLUMNS.some((c) => s[c.key] > 0))
    .map(
      (s) => `<tr><td>${escapeHtml(s.step)}</td>${COLUMNS.map((c) => cell(s[c.key], c.alert)).join('')}</tr>`,
    );
  const total = `<tr class="total"><td>Total</td>${COLUMNS.map((c) => cell(summary.totals[c.key], c.alert)).join('')}</tr>`;
  if (rows.length === 0) return '<p>Nothing has been staged or loaded yet.</p>';
  return `<table>${head}${rows.join('')}${total}</table>`;
}

function failuresTable(summary: LoadSummary): string {
  if (summary.failures.length === 0) return '<p>No record failed.</p>';
  const head =
    '<tr><th>Step</th><th class="text">State</th><th class="text">Code</th><th>Records</th><th class="text">Examples</th></tr>';
  const rows = summary.failures.map((f) => {
    const examples = f.examples
      .map((e) => `<div><code>${escapeHtml(e.legacyKey)}</code>: ${escapeHtml(e.message)}</div>`)
      .join('');
    return `<tr><td>${escapeHtml(f.step)}</td><td class="text">${escapeHtml(f.state)}</td><td class="text"><code>${escapeHtml(f.code)}</code></td><td>${f.count}</td><td class="text">${examples}</td></tr>`;
  });
  return `<table>${head}${rows.join('')}</table>`;
}

function runsTable(runs: RunSummary[]): string {
  if (runs.length === 0) return '<p>No run recorded yet.</p>';
  const head =
    '<tr><th>Run</th><th class="text">Command</th><th class="text">Options</th><th class="text">Started</th><th class="text">Finished</th><th>Duration</th><th>Failed</th><th>Skipped</th><th>Rejected</th></tr>';
  const rows = runs.map(
    (r) =>
      `<tr><td>${escapeHtml(String(r.id))}</td><td class="text">${escapeHtml(r.command)}</td><td class="text">${escapeHtml(formatRunOptions(r.options))}</td><td class="text">${escapeHtml(r.startedAt)}</td><td class="text">${escapeHtml(r.finishedAt ?? '—')}</td><td>${escapeHtml(formatDuration(r.durationMs))}${r.interrupted ? ' (interrupted)' : ''}</td>${countCell(r.failed)}${countCell(r.skipped)}${countCell(r.rejected)}</tr>`,
  );
  return `<table>${head}${rows.join('')}</table><p class="meta">Rejected: rows validation rejected when the run started (never sent). — : not known (a run recorded by an earlier version, or one that stopped before it ended).</p>`;
}

/** A run's failure count: alert when some, grey when none, a dash when not known. */
function countCell(n: number | null): string {
  if (n === null) return '<td class="zero">—</td>';
  return n === 0 ? '<td class="zero">0</td>' : `<td class="alert">${n}</td>`;
}

/**
 * A run's options as the command line gave them (`--only accounts,contacts --retry-failed`);
 * "defaults" when none, a dash when the run was recorded before options were kept.
 */
export function formatRunOptions(options: RunOptions | null): string {
  if (options === null) return '—';
  const parts: string[] = [];
  if (options.only) parts.push(`--only ${options.only.join(',')}`);
  if (options.accounts) {
    const { count, first } = options.accounts;
    const more = count > first.length ? ` … (${count} accounts)` : '';
    parts.push(`--accounts ${first.join(',')}${more}`);
  }
  if (options.retryFailed) parts.push('--retry-failed');
  if (options.prorate) parts.push('prorate');
  return parts.length === 0 ? 'defaults' : parts.join(' ');
}
