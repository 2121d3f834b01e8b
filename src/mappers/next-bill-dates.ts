import { draftPayload, finishRecord } from './build-record.js';
import type { EntityRow } from './fields.js';
import { childKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/** Maps one next-bill-date row (one per account; key `next_bill_dates:<account>`). */
export function mapNextBillDate(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const legacyKey = childKey('next_bill_dates', row, accountKey);
  return finishRecord('next_bill_dates', row, draftPayload(row, legacyKey), { legacyKey, accountKey });
}
