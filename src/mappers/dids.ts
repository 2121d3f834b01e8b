import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, keyText } from './fields.js';
import { requireAccountKey, valueKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one DID-assignment row (a DID to a voice service on the account). Key: `dids:<did>`, since
 * a DID can be assigned to one account only.
 */
export function mapDid(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const legacyKey = valueKey('dids', row, keyText(row.fields.did) ?? row.fields.did?.cell);
  return finishRecord('dids', row, draftPayload(row, legacyKey), { legacyKey, accountKey });
}
