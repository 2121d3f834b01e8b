import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, keyText } from './fields.js';
import { requireAccountKey, valueKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * Maps one IP-assignment row; `assigned_entity` defaults to "accounts" (what the importer layout
 * assigns to). Key: `ip_assignments:<subnet>`, since an IP can be assigned once only.
 */
export function mapIpAssignment(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const legacyKey = valueKey('ip_assignments', row, keyText(row.fields.subnet) ?? row.fields.subnet?.cell);
  const draft = draftPayload(row, legacyKey);
  if (draft.payload.assigned_entity === undefined && row.fields.assigned_entity?.problem === undefined) {
    draft.payload.assigned_entity = 'accounts';
  }
  return finishRecord('ip_assignments', row, draft, { legacyKey, accountKey });
}
