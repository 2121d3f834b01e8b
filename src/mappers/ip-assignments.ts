import { draftPayload, finishRecord } from './build-record.js';
import { type EntityRow, keyText } from './fields.js';
import { requireAccountKey, valueKey } from './keys.js';
import type { MapResult } from './types.js';

/**
 * A MAC in Sonar's AA:AA:AA:AA:AA:AA spelling when it is one in another common spelling
 * (aa-bb-…, aabb.ccdd.eeff, 12 bare hex digits); anything else is kept for the schema to refuse.
 */
export function normalizeMac(text: string): string {
  const hex = text.trim().replace(/[:.\-\s]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return text.trim();
  return (hex.toUpperCase().match(/../g) as string[]).join(':');
}

/**
 * Maps one IP-assignment row. `assigned_entity` defaults to "accounts" (what the importer layout
 * assigns to), or to "non_inventoried_mac_addresses" when the row gives a MAC (a customer router
 * Sonar does not inventory). Key: `ip_assignments:<subnet>`, since an IP can be assigned once only.
 */
export function mapIpAssignment(row: EntityRow): MapResult {
  const account = requireAccountKey(row);
  if ('rejection' in account) return { records: [], rejections: [account.rejection] };
  const { accountKey } = account;
  const legacyKey = valueKey('ip_assignments', row, keyText(row.fields.subnet) ?? row.fields.subnet?.cell);
  const draft = draftPayload(row, legacyKey);
  const mac = draft.payload.non_inventoried_mac_address;
  if (typeof mac === 'string') draft.payload.non_inventoried_mac_address = normalizeMac(mac);
  if (draft.payload.assigned_entity === undefined && row.fields.assigned_entity?.problem === undefined) {
    draft.payload.assigned_entity = mac === undefined ? 'accounts' : 'non_inventoried_mac_addresses';
  }
  return finishRecord('ip_assignments', row, draft, { legacyKey, accountKey });
}
