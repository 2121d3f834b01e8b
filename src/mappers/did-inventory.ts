import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, keyText } from './fields.js';
import { valueKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one DID-inventory row (one DID and its rate center) to a one-DID mass-add payload
 * `{ dids: [did], rate_center_id }`; the loader batches them (≤ 5,000 per rate center). The row's
 * field may be named `did` or `dids`. Key: `did_inventory:<did>`.
 */
export function mapDidInventory(row: EntityRow): MapResult {
  const { did, dids, ...rest } = row.fields;
  const field = dids ?? did;
  const fields = { ...rest, ...(field === undefined ? {} : { dids: field }) };
  if (field && field.problem === undefined && typeof field.value === 'string' && field.value.trim() !== '') {
    fields.dids = { ...field, value: [field.value] };
  }
  const entity: EntityRow = { ...row, fields };
  const legacyKey = valueKey('did_inventory', row, keyText(field) ?? field?.cell);
  return finishRecord('did_inventory', entity, draftPayload(entity, legacyKey), { legacyKey });
}
