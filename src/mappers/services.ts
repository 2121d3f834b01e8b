import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, fieldValue } from './fields.js';
import { childKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one account-service row; quantity defaults to 1 (the template rule). Key:
 * `services:<account>:<service>:<price override>:<next bill date>:<description>` — the same service
 * twice on an account at the same price is one row with a quantity, so a repeat is a duplicate.
 */
export function mapService(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const f = row.fields;
  const legacyKey = childKey(
    'services',
    row,
    accountKey,
    fieldValue(f.service_id),
    fieldValue(f.price_override),
    fieldValue(f.next_bill_date),
    fieldValue(f.description),
  );
  const draft = draftPayload(row, legacyKey);
  if (draft.payload.quantity === undefined && f.quantity?.problem === undefined) draft.payload.quantity = 1;
  return finishRecord('services', row, draft, { legacyKey, accountKey });
}
