import type { KazooSettings, SonarRef } from '../config/kazoo-settings.js';
import { type ErrorCode, formatProvenance } from '../errors/index.js';
import type { SourceRef, StepName } from '../ground/types.js';
import { mapDidInventory } from '../mappers/did-inventory.js';
import { mapDid } from '../mappers/dids.js';
import { type EntityRow, type FieldValue, sonarName } from '../mappers/fields.js';
import type { MapResult } from '../mappers/types.js';
import { readKazooNumber } from './numbers.js';
import type { KazooEntry } from './read-export.js';

/** The columns of a Kazoo number in reject CSVs: the number and the fields that decided its fate. */
export const numberColumns: readonly string[] = ['number', 'assigned_to', 'state', 'used_by'];

/** States migrated: in service (inventory and assignment) and reserved (inventory only). */
export const migratedStates: ReadonlySet<string> = new Set(['in_service', 'reserved']);

/**
 * Maps one Kazoo number to a did_inventory record (its 10 digits and rate center) and, when it is
 * in service and its Kazoo account (`assigned_to`, else the account whose listing held it, else
 * kazoo.account_id) maps to a Sonar
 * account, a dids record attaching it to the voice service. A number Sonar cannot hold, or in a
 * state not migrated, is rejected with the reason; its provenance is the file, its position, its
 * JSON path (as the column) and the number (as the legacy key).
 */
export function mapKazooNumber(entry: KazooEntry, settings: KazooSettings): MapResult {
  const state = entry.doc.state ?? 'in_service';
  if (!migratedStates.has(state)) {
    const message = `"${entry.key}" is in the Kazoo state "${state}": only in_service and reserved numbers are migrated — nothing to do unless it should be in service`;
    return rejected(entry, 'MAP_DID_STATE_EXCLUDED', message);
  }
  const read = readKazooNumber(entry.key);
  if (!read.ok) return rejected(entry, 'MAP_DID_UNSUPPORTED', read.message);
  const npa = read.did.slice(0, 3);
  const rateCenter = settings.rateCenter.byNpa[npa] ?? settings.rateCenter.default;
  if (rateCenter === undefined) {
    const message = `no rate center for area code ${npa} — add "${npa}" to kazoo.rate_center.by_npa, or set kazoo.rate_center.default`;
    return rejected(entry, 'MAP_MISSING_REQUIRED', message);
  }
  const did: FieldValue = { value: read.did, column: entry.path, cell: entry.key };
  const inventory = mapDidInventory({
    source: sourceOf(entry, 'did_inventory'),
    fields: { did, rate_center_id: { value: refValue(rateCenter), column: 'kazoo.rate_center' } },
  });
  const kazooAccount = entry.doc.assigned_to ?? entry.listingAccount ?? settings.accountId;
  const account = kazooAccount === undefined ? undefined : settings.accounts[kazooAccount];
  if (state !== 'in_service' || account === undefined || settings.voiceService === undefined)
    return inventory;
  const row: EntityRow = {
    source: sourceOf(entry, 'dids'),
    fields: {
      did,
      service_id: { value: refValue(settings.voiceService), column: 'kazoo.voice_service' },
    },
    accountKey: { value: account, column: 'assigned_to', cell: kazooAccount },
  };
  const assignment = mapDid(row);
  return {
    records: [...inventory.records, ...assignment.records],
    rejections: [...inventory.rejections, ...assignment.rejections],
  };
}

/** A Sonar id as is, a Sonar name as a pending reference. */
export function refValue(ref: SonarRef): unknown {
  return typeof ref === 'number' ? ref : sonarName(ref);
}

function sourceOf(entry: KazooEntry, input: StepName): SourceRef {
  return {
    input,
    provenance: { file: entry.file, row: entry.index, column: entry.path, legacyKey: entry.key },
    values: [entry.key, entry.doc.assigned_to ?? '', entry.doc.state ?? '', entry.doc.used_by ?? ''],
    columns: [...numberColumns],
  };
}

function rejected(entry: KazooEntry, code: ErrorCode, message: string): MapResult {
  const source = sourceOf(entry, 'did_inventory');
  return {
    records: [],
    rejections: [{ code, message: `${formatProvenance(source.provenance)}: ${message}`, source }],
  };
}
