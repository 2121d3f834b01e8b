import { draftPayload, finishRecord } from './build-record.js';
import type { EntityRow } from './fields.js';
import { childKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one billing-parameters row (one per account; key `billing_parameters:<account>`). Zero and
 * false are real values and are kept; only blank cells are left out (a partial update).
 */
export function mapBillingParameters(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const legacyKey = childKey('billing_parameters', row, accountKey);
  return finishRecord('billing_parameters', row, draftPayload(row, legacyKey), { legacyKey, accountKey });
}
