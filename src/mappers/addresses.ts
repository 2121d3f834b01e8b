import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, fieldValue } from './fields.js';
import { geocodeWhenBlank } from './geocode.js';
import { childKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one secondary-address row. Key: `addresses:<account>:<address type>:<line1>:<line2>:<zip>`.
 * A blank county is null; blank latitude and longitude are geocoded at load time.
 */
export function mapAddress(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const f = row.fields;
  const legacyKey = childKey(
    'addresses',
    row,
    accountKey,
    fieldValue(f.address_type_id),
    fieldValue(f.line1),
    fieldValue(f.line2),
    fieldValue(f.zip),
  );
  const draft = draftPayload(row, legacyKey);
  if (draft.payload.county === undefined) draft.payload.county = null;
  geocodeWhenBlank(draft, row, legacyKey);
  return finishRecord('addresses', row, draft, { legacyKey, accountKey });
}
