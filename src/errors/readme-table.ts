import { errorCodes } from './codes.js';

const start = '<!-- error-codes:start -->';
const end = '<!-- error-codes:end -->';

/** The README's error-code table: every code with what it means and what to do. */
export function renderErrorCodeTable(): string {
  const rows = Object.entries(errorCodes).map(
    ([code, advice]) => `| \`${code}\` | ${advice.replace(/\|/g, '\\|')} |`,
  );
  return ['| Code | What it means and what to do |', '| --- | --- |', ...rows].join('\n');
}

/** Replaces the text between the error-code markers of a README with `table`. */
export function replaceErrorCodeBlock(readme: string, table: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} block`);
  return `${readme.slice(0, from + start.length)}\n${table}\n${readme.slice(to)}`;
}
