import { basename } from 'node:path';
import type { MappedStep } from '../../src/mappers/build-record.js';
import type { MapResult, Profile } from '../../src/mappers/types.js';
import { applyHeader } from '../../src/sources/header.js';
import { readRawRows } from '../../src/sources/read-raw-rows.js';
import type { InputSpec } from '../../src/sources/types.js';

/** Reads a file through a profile's mapper for one input, as the staging pass does, and collects the results. */
export async function mapInput(
  profile: Profile,
  input: MappedStep,
  spec: Partial<InputSpec> & { path: string },
): Promise<MapResult & { rows: number }> {
  const mapper = profile.inputs[input];
  if (!mapper) throw new Error(`profile ${profile.name} has no mapper for ${input}`);
  const full: InputSpec = {
    displayName: basename(spec.path),
    ...(mapper.recordsIn ? { recordsIn: mapper.recordsIn } : {}),
    ...spec,
  };
  const out: MapResult & { rows: number } = { records: [], rejections: [], rows: 0 };
  for await (const row of applyHeader(readRawRows(full), mapper.header)) {
    out.rows += 1;
    const result = mapper.mapRow(row);
    out.records.push(...result.records);
    out.rejections.push(...result.rejections);
  }
  return out;
}
