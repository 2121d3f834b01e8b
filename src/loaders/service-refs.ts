import type { StagedRecord } from '../ground/types.js';
import type { Requirement } from './types.js';

/** The service a payload names: its id, or the Sonar name still to resolve. */
function serviceOf(record: StagedRecord): string | undefined {
  const ref = record.refs.find((r) => r.path === 'service_id');
  if (ref) return `name:${ref.name.trim().toLowerCase()}`;
  const id = record.payload.service_id;
  return typeof id === 'number' ? `id:${id}` : undefined;
}

/**
 * What a DID or IP assignment needs of its account's services: one of the staged service records
 * naming the same service loaded (none staged: nothing to wait for; Sonar checks the rest).
 */
export function serviceRequirement(record: StagedRecord, services: StagedRecord[]): Requirement[] {
  const wanted = serviceOf(record);
  if (wanted === undefined) return [];
  const anyOf = services.filter((s) => serviceOf(s) === wanted).map((s) => s.legacyKey);
  if (anyOf.length === 0) return [];
  return [{ step: 'services', anyOf, what: `service ${wanted.replace(/^(id|name):/, '')}` }];
}
