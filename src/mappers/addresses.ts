import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, fieldValue } from './fields.js';
import { geocodeWhenBlank } from './geocode.js';
import { identityKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one secondary-address row. Key: `addresses:<account>:<address type>` (numbered
 * when the account has several of one type), so a moved street is an edit.
 * A blank county is null; blank latitude and longitude are geocoded at load time.
 */
export function mapAddress(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const f = row.fields;
  const keys = identityKey('addresses', row, accountKey, fieldValue(f.address_type_id));
  const draft = draftPayload(row, keys.legacyKey);
  if (draft.payload.county === undefined) draft.payload.county = null;
  geocodeWhenBlank(draft, row, keys.legacyKey);
  return finishRecord('addresses', row, draft, keys);
}
