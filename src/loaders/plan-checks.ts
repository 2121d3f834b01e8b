import { setPath } from '../ground/payload-paths.js';
import type { LookupName, StagedRecord, StepName } from '../ground/types.js';
import { lookupByField } from '../sonar/schemas/lookups.js';
import type { StagedRecords } from '../store/staged-records.js';
import { catalogueOf, type ReferenceData, resolveName } from './reference-data.js';

/**
 * Resolves a staged record's names against the target's catalogues, offline (no geocoding: the
 * loader geocodes right before the create call) and checks that every Sonar id the payload holds —
 * given as an id in the export, or resolved from a name — exists in the target. `accountKnown`
 * answers whether a sub-account's legacy key will be in Sonar by the time its parent loads.
 * Returns the resolved payload (the record's own object when nothing needed resolving: read it,
 * never change it), or the reasons it cannot be loaded (each says what to do).
 */
export function resolveForPlan(
  record: StagedRecord,
  reference: ReferenceData,
  accountKnown: (legacyKey: string) => boolean,
): { payload: Record<string, unknown> } | { problems: string[] } {
  // Copied only when a name is set into it: most records have no ref to resolve offline.
  let payload = record.payload;
  let copied = false;
  const problems: string[] = [];
  const resolvedPaths = new Set<string>();
  for (const ref of record.refs) {
    if (ref.lookup === 'geocode') continue;
    resolvedPaths.add(ref.path);
    if (ref.lookup === 'accounts') {
      if (!accountKnown(ref.name)) {
        problems.push(
          `sub-account ${ref.name} is neither staged for loading nor in this journal: add it to the accounts input or remove it from the list`,
        );
      }
      continue;
    }
    const found = resolveName(reference, ref.lookup, ref.name);
    if ('id' in found) {
      if (!copied) {
        payload = structuredClone(record.payload);
        copied = true;
      }
      setPath(payload, ref.path, found.id);
    } else problems.push(`${ref.path}: ${found.problem}`);
  }
  problems.push(...unknownIdsIn(payload, reference, resolvedPaths));
  return problems.length > 0 ? { problems } : { payload };
}

/** The Sonar ids given in the payload (not resolved from a name) that this Sonar does not have. */
function unknownIdsIn(
  payload: Record<string, unknown>,
  reference: ReferenceData,
  resolvedPaths: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  for (const [field, lookup] of Object.entries(lookupByField)) {
    if (lookup === 'accounts' || !(field in payload)) continue;
    const value = payload[field];
    const ids = Array.isArray(value) ? value : [value];
    ids.forEach((id, index) => {
      const path = Array.isArray(value) ? `${field}.${index}` : field;
      if (typeof id !== 'number' || resolvedPaths.has(path)) return;
      const problem = unknownId(reference, lookup, id);
      if (problem) problems.push(`${field}: ${problem}`);
    });
  }
  return problems;
}

function unknownId(reference: ReferenceData, lookup: LookupName, id: number): string | undefined {
  const catalogue = catalogueOf(reference, lookup);
  if (!catalogue || catalogue.some((r) => r.id === id)) return undefined;
  const what = lookup.replace(/_/g, ' ');
  const known = catalogue
    .slice(0, 8)
    .map((r) => `${r.id} "${r.name}"`)
    .join(', ');
  return `id ${id} is not in this Sonar's ${what}${known ? ` (it has ${known}${catalogue.length > 8 ? ', …' : ''})` : ''}: fix the id or its crosswalk`;
}

/** The service of a resolved payload's `service_id`, when the catalogue has it. */
export function serviceOf(reference: ReferenceData, payload: Record<string, unknown>) {
  const id = payload.service_id;
  return typeof id === 'number' ? reference.services.find((s) => s.id === id) : undefined;
}

/** Rejected rows per input: a row with several problems has several rejections but counts once. */
export function countRejectedRows(staged: StagedRecords): Map<StepName, number> {
  return new Map(staged.rejectionCounts().map((c) => [c.input, c.rows]));
}
