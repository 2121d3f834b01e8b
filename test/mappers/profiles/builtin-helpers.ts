import { join } from 'node:path';
import { loadConfig } from '../../../src/config/config.js';
import type { RowRejection, StagedRecord } from '../../../src/ground/types.js';
import type { MappedStep } from '../../../src/mappers/build-record.js';
import { mappedSteps } from '../../../src/mappers/entities.js';
import { resolveProfile } from '../../../src/mappers/profiles/index.js';
import { mapInput } from '../map-input.js';

/** The folder holding a built-in profile's fixture export and its migration.json. */
export const fixtureDir = (name: string) => join('test/fixtures/profiles', name);

/** Maps every configured input of a built-in profile's fixture, as the staging pass would. */
export async function mapFixture(name: string, configFile = 'migration.json') {
  const config = await loadConfig(join(fixtureDir(name), configFile));
  const profile = await resolveProfile(config);
  const out = new Map<MappedStep, { records: StagedRecord[]; rejections: RowRejection[] }>();
  for (const step of mappedSteps) {
    const input = config.inputs[step];
    if (input) out.set(step, await mapInput(profile, step, input));
  }
  return { profile, out };
}

/** The payloads an input made, by the legacy account they belong to. */
export function payloadsOf(
  result: { records: StagedRecord[] } | undefined,
  accountKey: string,
): Array<Record<string, unknown>> {
  return (result?.records ?? []).filter((r) => r.accountKey === accountKey).map((r) => r.payload);
}

/** Each rejection as [code, row, column, message] for compact assertions. */
export function rejectionsOf(result: { rejections: RowRejection[] } | undefined) {
  return (result?.rejections ?? []).map((r) => ({
    code: r.code,
    row: r.source.provenance.row,
    column: r.source.provenance.column,
    message: r.message,
  }));
}
