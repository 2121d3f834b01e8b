import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, fieldValue } from './fields.js';
import { identityKey, requireAccountKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one account-service row; quantity defaults to 1 (the template rule). Key:
 * `services:<account>:<service>`, numbered when the account has the service on several rows, so a
 * new price or quantity is an edit; two identical rows are one record twice (a duplicate).
 */
export function mapService(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const f = row.fields;
  const keys = identityKey('services', row, accountKey, fieldValue(f.service_id));
  const draft = draftPayload(row, keys.legacyKey);
  if (draft.payload.quantity === undefined && f.quantity?.problem === undefined) draft.payload.quantity = 1;
  return finishRecord('services', row, draft, keys);
}
