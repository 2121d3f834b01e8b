import type { SourceRow } from '../../sources/types.js';
import type { MappedStep } from '../build-record.js';
import { readCellAt } from '../cells.js';
import { entityMappers, mappedSteps } from '../entities.js';
import type { InputMapper, Profile } from '../types.js';
import { type BoundColumn, readRow } from './read-row.js';
import { type ImporterColumn, importerLayouts } from './sonar-importer-layouts.js';

// The `sonar-importer` profile: files prepared for Sonar's own importer, used unchanged. Positional
// (extra columns are ignored, missing trailing columns are blank), with or without the template's
// header row (detected by its names). Lenient where the meaning is unambiguous, and saying so:
// cells are trimmed; states (names or USPS codes), countries (names, alpha-2/alpha-3), card brands
// ("VISA card", "Master Card") and phone numbers (dashes, dots, +1, "x12") are normalized with the
// transforms; "$24.99" reads as 24.99; Excel serial day numbers (46430) and dates as US Excel
// shows them (1/13/2027, month first — Sonar's importer is a US tool) are read as dates; a bare IP
// address is a /32. Strict otherwise: ids must be numbers (no names), and whatever cannot be
// normalized is rejected. Template rules: zero and false are real values, quantity defaults to 1,
// the primary contact name defaults to the account name, group/sub-account/category lists are
// comma-separated, Auto is 1/0.

function importerMapper(input: MappedStep, layout: readonly ImporterColumn[]): InputMapper {
  const columns: BoundColumn[] = layout.map((c, index) => ({
    index,
    path: c.path,
    kind: c.kind,
    label: c.header,
  }));
  const options = { names: false, excelDates: true, monthFirstDates: true };
  return {
    header: { detect: layout.map((c) => c.header) },
    mapRow(row: SourceRow) {
      const entity = readRow(input, row, columns, options);
      if (input === 'accounts' && entity.accountKey) {
        // The importer's ID is also the Sonar account id it creates.
        const { column, label } = entity.accountKey;
        entity.fields.id = readCellAt('integer', row.values[0] ?? '', column, label, options);
      }
      const invoiceDay = entity.fields.invoice_day;
      if (input === 'billing_parameters' && invoiceDay?.value !== undefined) {
        entity.fields.separate_invoice_day_enabled = { ...invoiceDay, value: true };
      }
      return entityMappers[input](entity);
    },
  };
}

/** The `sonar-importer` profile: Sonar's own importer layouts, positional, header row optional. */
export const sonarImporterProfile: Profile = {
  name: 'sonar-importer',
  description: "Sonar's own importer CSV layouts, by position, header row optional (CSV or XLSX).",
  inputs: Object.fromEntries(mappedSteps.map((step) => [step, importerMapper(step, importerLayouts[step])])),
};
