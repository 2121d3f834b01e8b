import { draftPayload, finishRecord, rejectField } from './build-record.js';
import { type EntityRow, keyText } from './fields.js';
import { geocodeWhenBlank } from './geocode.js';
import type { MapResult } from './types.js';

/** The role given to a primary contact whose role is blank (the newest account-create doc requires one). */
export const defaultPrimaryContactRole = 'Primary Contact';

/**
 * Maps one accounts row. Its legacy key is the legacy account number. Defaults (the template
 * rules, documented in docs/mapping-files.md): the primary contact's name is the account name when
 * blank; a blank role is "Primary Contact"; blank email categories are none ([]); a blank county is
 * null; blank latitude and longitude are geocoded at load time.
 */
export function mapAccount(row: EntityRow): MapResult {
  const legacyKey = keyText(row.accountKey) ?? keyText(row.legacyKey);
  if (legacyKey === undefined) {
    const message = 'the account number is required: it is the account’s legacy key';
    return {
      records: [],
      rejections: [rejectField(row, 'MAP_MISSING_REQUIRED', 'account number', row.accountKey, message)],
    };
  }
  const draft = draftPayload(row, legacyKey);
  const payload = draft.payload;
  if (payload.contact_name === undefined && row.fields.contact_name?.problem === undefined) {
    payload.contact_name = payload.name;
    // With no name either, the name's rejection says it all.
    if (payload.name === undefined) draft.reported.add('contact_name');
  }
  if (payload.role === undefined && row.fields.role?.problem === undefined) {
    payload.role = defaultPrimaryContactRole;
  }
  if (
    payload.email_message_categories === undefined &&
    row.fields.email_message_categories?.problem === undefined
  ) {
    payload.email_message_categories = [];
  }
  if (payload.county === undefined) payload.county = null;
  geocodeWhenBlank(draft, row, legacyKey);
  return finishRecord('accounts', row, draft, { legacyKey, accountKey: legacyKey });
}
