import type { StepName } from '../../src/ground/types.js';
import type { EntityRow, FieldValue } from '../../src/mappers/fields.js';

/** Builds an EntityRow for a test: each field `path: value` gets a column named after the path. */
export function entityRow(
  input: StepName,
  fields: Record<string, unknown>,
  options: { accountKey?: string; row?: number; file?: string } = {},
): EntityRow {
  const record: Record<string, FieldValue> = {};
  for (const [path, value] of Object.entries(fields)) {
    record[path] = { value, column: path, cell: typeof value === 'string' ? value : JSON.stringify(value) };
  }
  const file = options.file ?? `${input}.csv`;
  return {
    source: {
      input,
      provenance: { file, row: options.row ?? 2 },
      values: Object.values(fields).map(String),
      columns: Object.keys(fields),
    },
    fields: record,
    ...(options.accountKey === undefined
      ? {}
      : { accountKey: { value: options.accountKey, column: 'account', cell: options.accountKey } }),
  };
}
