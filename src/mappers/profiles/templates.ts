import { ConfigError } from '../../errors/index.js';
import type { SourceRow } from '../../sources/types.js';
import type { MappedStep } from '../build-record.js';
import { entityMappers, mappedSteps } from '../entities.js';
import { type TemplateLayout, templateLayout } from '../template-layouts.js';
import type { InputMapper, Profile } from '../types.js';
import { type BoundColumn, readRow } from './read-row.js';

// The `templates` profile: our own header-named layouts (template-layouts.ts, derived from the
// schemas), as `sonar-migrate templates` writes them. Columns are found by header name (case and
// surrounding spaces ignored) in any order; a template column may be left out unless required.
// Columns starting with "_" are ignored, so a rejected-rows CSV (with its _file, _row, _error…
// columns) can be fixed and fed back. Any other unknown column stops the run: it is most likely
// a misspelt header whose data would otherwise be silently dropped. Lenient like the importer
// profile (trimmed cells, normalized states, countries, card brands, phones), and ids may also be
// given as the exact Sonar name, resolved against the target when plan/load run. Dates are
// YYYY-MM-DD; as CSVs saved by Excel also hold 1/13/2027 (month first) or a serial day number,
// those are read too.

const normalize = (header: string) => header.trim().toLowerCase();

/** Binds a file's header to the layout, or explains what is wrong with it. */
export function bindTemplateHeader(layout: TemplateLayout, row: SourceRow): BoundColumn[] {
  const byHeader = new Map(layout.columns.map((c) => [normalize(c.header), c]));
  const bound: BoundColumn[] = [];
  const unknown: string[] = [];
  row.columns.forEach((name, index) => {
    if (name.trim().startsWith('_') || name.trim() === '') return;
    const column = byHeader.get(normalize(name));
    if (column) bound.push({ index, path: column.path, kind: column.kind });
    else unknown.push(name);
  });
  const where = `${row.file}${row.sheet ? `[${row.sheet}]` : ''}`;
  if (unknown.length > 0) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `${where}: column ${unknown.map((u) => `"${u}"`).join(', ')} is not in the ${layout.input} template — fix the header (run sonar-migrate templates to see the columns), or start its name with "_" to ignore it. Template columns: ${layout.columns.map((c) => c.header).join(', ')}.`,
    );
  }
  const missing = layout.columns.filter((c) => c.required && !bound.some((b) => b.path === c.path));
  if (missing.length > 0) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `${where}: the ${layout.input} template's required column ${missing.map((c) => `"${c.header}"`).join(', ')} is missing — add it to the header row.`,
    );
  }
  return bound;
}

function templateMapper(input: MappedStep): InputMapper {
  const layout = templateLayout(input);
  let bound: { key: string; columns: BoundColumn[] } | undefined;
  return {
    header: 'required',
    mapRow(row: SourceRow) {
      const key = `${row.file}\u0000${row.sheet ?? ''}\u0000${row.columns.join('\u0000')}`;
      if (bound?.key !== key) bound = { key, columns: bindTemplateHeader(layout, row) };
      return entityMappers[input](
        readRow(input, row, bound.columns, { names: true, excelDates: true, monthFirstDates: true }),
      );
    },
  };
}

/** The `templates` profile: the header-named CSV/XLSX layouts `sonar-migrate templates` writes. */
export const templatesProfile: Profile = {
  name: 'templates',
  description:
    'Our header-named templates (sonar-migrate templates --out DIR), CSV or XLSX, columns in any order.',
  inputs: Object.fromEntries(mappedSteps.map((step) => [step, templateMapper(step)])),
};
